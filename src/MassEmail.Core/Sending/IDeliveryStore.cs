using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>
/// Persistence of deliveries and of their claim units, the batches. A row is written at the snapshot and once more
/// at its outcome; workers claim and lease batches, and before starting provider calls raise the batch's in-flight
/// mark (the highest delivery id whose call may have started), so after a crash only rows up to the mark turn UNKNOWN.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Appends snapshot rows; rows whose (send, record) already exists are left as they are (a resumed snapshot). The
    /// PENDING rows added are grouped, in id order, into new PENDING batches of up to <paramref name="batchSize"/> rows,
    /// written with them (a resumed snapshot also makes the batch of stored PENDING rows it finds without one).
    /// </summary>
    Task AppendAsync(IReadOnlyList<Delivery> rows, int batchSize, CancellationToken ct);

    /// <summary>
    /// Claims one PENDING batch of the send (the oldest) for <paramref name="owner"/> with a fresh token and a lease
    /// until <paramref name="leaseUntil"/>, with its PENDING rows; a batch found without PENDING rows is closed (DONE)
    /// and the next one tried. Null when the send has no claimable batch.
    /// </summary>
    Task<DeliveryBatch?> ClaimBatchAsync(string sendId, string owner, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="outcomes"/> of rows still PENDING and, in one conditional write, while the claim holds (token
    /// matches, lease not expired at <paramref name="now"/>), renews the lease and raises the in-flight mark to
    /// <paramref name="inFlightUpTo"/> (if given). False: the batch was lost (expired or taken over), so the caller must
    /// start no further provider call for it.
    /// </summary>
    Task<bool> CheckpointAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, string? inFlightUpTo, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="outcomes"/> of rows still PENDING and, if the claim is still the holder's (token matches),
    /// ends it: DONE when no row of the batch is PENDING any more, else PENDING again (claimable, mark cleared). False
    /// when the batch was no longer the holder's.
    /// </summary>
    Task<bool> ReleaseAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// For every CLAIMED batch whose lease ended before <paramref name="now"/> (any send): its PENDING rows up to the
    /// in-flight mark turn UNKNOWN (their call may have started) and the batch becomes PENDING again with the mark
    /// cleared, so never-attempted rows are sent by the next worker. Returns how many rows turned UNKNOWN.
    /// </summary>
    Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>True while the send has a batch that is not DONE (PENDING or CLAIMED).</summary>
    Task<bool> HasOpenBatchesAsync(string sendId, CancellationToken ct);

    Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct);

    /// <summary>A page of the send's deliveries in id order, optionally of one state and skip reason.</summary>
    Task<IReadOnlyList<Delivery>> ListAsync(string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct);

    /// <summary>
    /// Turns the send's UNKNOWN rows back into PENDING (an explicit decision to risk a duplicate); returns how many.
    /// Their batches are reopened first, so a crash in between never leaves PENDING rows in a closed batch.
    /// </summary>
    Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct);
}
