namespace MassEmail.Core.Sending;

/// <summary>
/// The state of one recipient of a send: PENDING → SENT | FAILED | SKIPPED, and UNKNOWN for a row
/// whose provider call may have started when its worker's batch lease expired (a crash: the provider
/// may have sent it). UNKNOWN rows are never re-sent automatically. Rows are claimed by batch and are
/// no longer written CLAIMED (rows an earlier build left CLAIMED are UNKNOWN after the upgrade); counts
/// report a held batch's rows as CLAIMED.
/// </summary>
public enum DeliveryState
{
    Pending = 1,
    Claimed = 2,
    Sent = 3,
    Failed = 4,
    Skipped = 5,
    Unknown = 6,
}
