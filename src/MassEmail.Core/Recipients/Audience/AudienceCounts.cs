namespace MassEmail.Core.Recipients.Audience;

/// <summary>How an audience splits. <see cref="Eligible"/> records get mail; the others are skipped for one reason each.</summary>
public sealed record AudienceCounts(
    long Total,
    long ValidEmail,
    long NoEmail,
    long InvalidEmail,
    long OptedOut,
    long UnsubscribedFromList,
    long Duplicate)
{
    public long Eligible => Total - NoEmail - InvalidEmail - OptedOut - UnsubscribedFromList - Duplicate;
}
