namespace MassEmail.Core.Errors;

/// <summary>Not enough daily quota left for the request; nothing was reserved.</summary>
public sealed class QuotaExceededException(string quota, long requested, long remaining, DateOnly day)
    : DomainException($"The {quota} quota of {day:yyyy-MM-dd} (UTC) has {remaining} emails left; {requested} were requested.")
{
    public string Quota { get; } = quota;
    public long Requested { get; } = requested;
    public long Remaining { get; } = remaining;
    public DateOnly Day { get; } = day;
}
