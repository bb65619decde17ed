using MassEmail.Core.Deliverability;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Deliverability;

/// <summary>The <c>delivery_events</c> collection: unordered inserts whose duplicates (a retried event) are ignored.</summary>
internal sealed class MongoDeliveryEventStore(MongoCollections collections) : IDeliveryEventStore
{
    private static readonly FilterDefinitionBuilder<DeliveryEventDocument> Filter = Builders<DeliveryEventDocument>.Filter;

    private readonly IMongoCollection<DeliveryEventDocument> events = collections.DeliveryEvents;

    public async Task RecordAsync(IReadOnlyList<DeliveryEvent> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await events.InsertManyAsync(batch.Select(DeliveryEventDocument.From), new InsertManyOptions { IsOrdered = false }, ct);
        }
        catch (MongoBulkWriteException<DeliveryEventDocument> e) when (e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            // Recorded before (a retried event).
        }
    }

    public async Task<IReadOnlyList<DeliveryEvent>> ListAsync(string orgId, string sendId, CancellationToken ct)
    {
        var docs = await events.Find(Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.SendId, sendId))
            .Sort(Builders<DeliveryEventDocument>.Sort.Ascending(d => d.EventId).Ascending(d => d.EmailKey)).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<EngagementCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        // A send has a few events per recipient; they are counted here rather than by a server-side pipeline.
        var all = await ListAsync(orgId, sendId, ct);
        return new EngagementCounts(
            all.Count(e => e.Kind == "Delivery"),
            all.Count(e => e.Kind == ProviderEvent.BounceKind && e.Bounce == BounceType.Permanent && e.SubType is not ("Suppressed" or "OnAccountSuppressionList")),
            all.Count(e => e.Kind == ProviderEvent.BounceKind && e.Bounce != BounceType.Permanent),
            all.Count(e => e.Kind == ProviderEvent.ComplaintKind),
            all.Count(e => e.Kind == "Open"),
            all.Where(e => e.Kind == "Open").Select(e => e.EmailKey).Distinct(StringComparer.Ordinal).Count(),
            all.Count(e => e.Kind == "Click"),
            all.Where(e => e.Kind == "Click").Select(e => e.EmailKey).Distinct(StringComparer.Ordinal).Count(),
            all.Where(e => e.Kind == DeliveryEvent.UnsubscribeKind).Select(e => e.EmailKey).Distinct(StringComparer.Ordinal).Count());
    }
}
