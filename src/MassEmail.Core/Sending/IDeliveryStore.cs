using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>Persistence of deliveries. Claims are leases, so a crashed worker's rows are recognised.</summary>
public interface IDeliveryStore
{
    /// <summary>Appends snapshot rows; rows whose (send, record) already exists are left as they are (a resumed snapshot).</summary>
    Task AppendAsync(IReadOnlyList<Delivery> rows, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> PENDING rows of the send, now CLAIMED by <paramref name="worker"/> until <paramref name="leaseUntil"/>, in id order.</summary>
    Task<IReadOnlyList<Delivery>> ClaimAsync(string sendId, string worker, int limit, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Stores outcomes of rows still CLAIMED by <paramref name="worker"/>; returns how many were stored.</summary>
    Task<int> CompleteAsync(string sendId, string worker, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at, CancellationToken ct);

    /// <summary>Returns rows still CLAIMED by <paramref name="worker"/> and never attempted to PENDING (pause/cancel drain).</summary>
    Task<int> ReleaseAsync(string sendId, string worker, IReadOnlyList<string> deliveryIds, CancellationToken ct);

    /// <summary>Turns every CLAIMED row whose lease ended before <paramref name="now"/> into UNKNOWN (any send); returns how many.</summary>
    Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct);

    Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct);

    /// <summary>A page of the send's deliveries in id order, optionally of one state and skip reason.</summary>
    Task<IReadOnlyList<Delivery>> ListAsync(string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct);

    /// <summary>Turns the send's UNKNOWN rows back into PENDING (an explicit decision to risk a duplicate); returns how many.</summary>
    Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct);
}
