namespace MassEmail.Core.Deliverability;

/// <summary>
/// The provider events already applied, by the provider's id of the event (an SNS <c>MessageId</c>, stable across
/// retries), so that a retried or duplicated event is applied once. Not an organisation's data: one provider topic
/// carries every organisation's events.
/// </summary>
public interface IProcessedEventStore
{
    Task<bool> IsProcessedAsync(string eventId, CancellationToken ct);

    /// <summary>Records the event as applied; recording it again changes nothing.</summary>
    Task MarkProcessedAsync(string eventId, string kind, DateTimeOffset at, CancellationToken ct);
}
