namespace MassEmail.Core.Sending;

/// <summary>How many deliveries of a send are in each state.</summary>
public sealed record DeliveryCounts(long Pending, long Claimed, long Sent, long Failed, long Skipped, long Unknown)
{
    public long Total => Pending + Claimed + Sent + Failed + Skipped + Unknown;

    /// <summary>Nothing is left to send or in flight.</summary>
    public bool IsDone => Pending == 0 && Claimed == 0;
}
