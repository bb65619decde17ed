using MassEmail.Core.Sending;

namespace MassEmail.Core.Deliverability;

/// <summary>What the provider reported about a send's messages, for a send the caller was already allowed to read.</summary>
public sealed class EngagementService(IDeliveryEventStore events)
{
    public Task<EngagementCounts> CountAsync(MassSend send, CancellationToken ct) => events.CountAsync(send.OrgId, send.Id, ct);
}
