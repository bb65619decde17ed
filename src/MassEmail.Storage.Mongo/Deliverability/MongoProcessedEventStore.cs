using MassEmail.Core.Deliverability;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Deliverability;

/// <summary>The <c>processed_events</c> collection; the derived <c>_id</c> makes marking an event twice a no-op.</summary>
internal sealed class MongoProcessedEventStore(MongoCollections collections) : IProcessedEventStore
{
    private static readonly FilterDefinitionBuilder<ProcessedEventDocument> Filter = Builders<ProcessedEventDocument>.Filter;

    private readonly IMongoCollection<ProcessedEventDocument> events = collections.ProcessedEvents;

    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken ct) =>
        await events.Find(Filter.Eq(d => d.Id, ProcessedEventDocument.IdOf(eventId))).AnyAsync(ct);

    public async Task MarkProcessedAsync(string eventId, string kind, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await events.InsertOneAsync(new ProcessedEventDocument { Id = ProcessedEventDocument.IdOf(eventId), EventId = eventId, Kind = kind, ProcessedAt = at }, cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Marked already (a duplicate delivered at the same time).
        }
    }
}
