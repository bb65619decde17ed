namespace MassEmail.Core.Sending;

/// <summary>
/// The state of a claim unit: PENDING (claimable) → CLAIMED (leased to one worker) → DONE (every row has an outcome),
/// and back to PENDING when released (pause, shutdown) or when its lease expired (a crash) or its UNKNOWN rows are requeued.
/// </summary>
public enum DeliveryBatchState
{
    Pending = 1,
    Claimed = 2,
    Done = 3,
}
