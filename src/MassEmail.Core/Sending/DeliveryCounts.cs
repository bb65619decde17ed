namespace MassEmail.Core.Sending;

/// <summary>
/// How many deliveries of a send are in each state. <see cref="Claimed"/> counts the rows without an outcome of the
/// batches workers hold (the rows themselves stay PENDING until their outcome), <see cref="Pending"/> the others.
/// </summary>
public sealed record DeliveryCounts(long Pending, long Claimed, long Sent, long Failed, long Skipped, long Unknown)
{
    public long Total => Pending + Claimed + Sent + Failed + Skipped + Unknown;

    /// <summary>Nothing is left to send or in flight.</summary>
    public bool IsDone => Pending == 0 && Claimed == 0;
}
