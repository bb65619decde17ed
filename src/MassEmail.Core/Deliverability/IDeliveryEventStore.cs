namespace MassEmail.Core.Deliverability;

/// <summary>Persistence of the provider's events about the messages of sends.</summary>
public interface IDeliveryEventStore
{
    /// <summary>Records the events; an event already recorded (same event id and recipient) is left as it is.</summary>
    Task RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken ct);

    /// <summary>The send's events, in the order recorded per key (event id, recipient).</summary>
    Task<IReadOnlyList<DeliveryEvent>> ListAsync(string orgId, string sendId, CancellationToken ct);

    /// <summary>The send's events counted by kind.</summary>
    Task<EngagementCounts> CountAsync(string orgId, string sendId, CancellationToken ct);
}
