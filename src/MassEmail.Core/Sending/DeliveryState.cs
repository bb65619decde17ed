namespace MassEmail.Core.Sending;

/// <summary>
/// The state of one recipient of a send: PENDING → CLAIMED → SENT | FAILED | SKIPPED, and UNKNOWN
/// for a row whose lease expired while claimed (a crash: the provider may have sent it). UNKNOWN
/// rows are never re-sent automatically.
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
