using System.Globalization;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Gives the quota counters and idempotency keys written before TTL expiry existed their <c>expire_at</c>, computed from
/// what they hold (the counter's day, the send's creation), so that the TTL indexes of <see cref="MongoIndexes"/> remove
/// them too. Runs at start-up after the index builds; the query is served by the TTL index itself (a missing element is
/// indexed as null) and reads only the element the expiry is computed from. Idempotent, so instances racing through it
/// write the same values.
/// </summary>
internal static class MongoExpiryUpgrade
{
    private const string ExpireAt = "expire_at";
    private const int Batch = 500;

    public static async Task RunAsync(MongoCollections c, CancellationToken ct)
    {
        await UpgradeAsync(
            c.Database.GetCollection<BsonDocument>(c.QuotaCounters.CollectionNamespace.CollectionName),
            "day",
            d => QuotaCounterDocument.ExpiryOf(DateOnly.ParseExact(d["day"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ct);
        await UpgradeAsync(
            c.Database.GetCollection<BsonDocument>(c.MassSendKeys.CollectionNamespace.CollectionName),
            "send.created_at",
            d => MassSendKeyDocument.ExpiryOf(new DateTimeOffset(d["send"]["created_at"].ToUniversalTime())),
            ct);
    }

    private static async Task UpgradeAsync(IMongoCollection<BsonDocument> collection, string source, Func<BsonDocument, DateTime> expiryOf, CancellationToken ct)
    {
        FilterDefinition<BsonDocument> missing = Builders<BsonDocument>.Filter.Eq(ExpireAt, BsonNull.Value);
        while (true)
        {
            List<BsonDocument> docs = await collection.Find(missing)
                .Project(Builders<BsonDocument>.Projection.Include("_id").Include(source)).Limit(Batch).ToListAsync(ct);
            if (docs.Count == 0)
            {
                return;
            }

            List<UpdateOneModel<BsonDocument>> writes =
            [
                .. docs.Select(d => new UpdateOneModel<BsonDocument>(
                    Builders<BsonDocument>.Filter.Eq("_id", d["_id"]) & missing,
                    Builders<BsonDocument>.Update.Set(ExpireAt, expiryOf(d)))),
            ];
            BulkWriteResult<BsonDocument> result = await collection.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken: ct);
            if (result.MatchedCount == 0)
            {
                // Another instance set them between our read and our write (and would set any left).
                return;
            }
        }
    }
}
