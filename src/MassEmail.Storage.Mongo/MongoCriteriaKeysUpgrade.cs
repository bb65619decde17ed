using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Gives the records written before <see cref="CriteriaKeys"/> existed their <c>criteria_keys</c>, so that text
/// criteria keep matching them. Runs at start-up after the index builds: reads the records without keys in <c>_id</c>
/// order from where its <c>store_upgrades</c> marker says it got to (the <c>_id</c> index serves the range and the
/// order), sets their keys (a record rewritten meanwhile already has its own, and the update skips it), then
/// moves the marker on (<c>$max</c>, so instances racing through it never move it back). A process stopped at any line
/// resumes from the marker; once done, later starts read only the marker.
/// </summary>
internal static class MongoCriteriaKeysUpgrade
{
    public const string Name = "records_criteria_keys";

    internal const int Batch = 500;

    private static readonly string[] Sources =
    [
        RecordFields.ExternalId, RecordFields.Name, RecordFields.FirstName, RecordFields.LastName, RecordFields.Email,
        RecordFields.Phone, RecordFields.OwnerId, RecordFields.ClientExternalId, RecordFields.Custom,
    ];

    public static async Task RunAsync(MongoCollections c, CancellationToken ct)
    {
        StoreUpgradeDocument? marker = await c.StoreUpgrades.Find(d => d.Id == StoreUpgradeDocument.IdOf(Name)).FirstOrDefaultAsync(ct);
        if (marker?.Done == true)
        {
            return;
        }

        IMongoCollection<BsonDocument> records = c.Database.GetCollection<BsonDocument>(c.Records.CollectionNamespace.CollectionName, c.Records.Settings);
        FilterDefinitionBuilder<BsonDocument> f = Builders<BsonDocument>.Filter;
        FilterDefinition<BsonDocument> missing = f.Exists(CriteriaKeys.Field, false);
        ProjectionDefinition<BsonDocument> projection = Builders<BsonDocument>.Projection.Combine(Sources.Select(s => Builders<BsonDocument>.Projection.Include(s)));
        ObjectId? after = marker?.After;
        while (true)
        {
            // From ObjectId.Empty at first: a walk of the _id index in order, once (the marker keeps later starts out).
            FilterDefinition<BsonDocument> page = f.Gt(RecordFields.Id, after ?? ObjectId.Empty) & missing;
            List<BsonDocument> docs = await records.Find(page)
                .Sort(Builders<BsonDocument>.Sort.Ascending(RecordFields.Id)).Limit(Batch).Project(projection).ToListAsync(ct);
            if (docs.Count == 0)
            {
                await MarkAsync(c, Builders<StoreUpgradeDocument>.Update.Set(d => d.Done, true), ct);
                return;
            }

            List<UpdateOneModel<BsonDocument>> writes =
            [
                .. docs.Select(d => new UpdateOneModel<BsonDocument>(
                    f.Eq(RecordFields.Id, d[RecordFields.Id]) & missing,
                    Builders<BsonDocument>.Update.Set(CriteriaKeys.Field, KeysOf(d)))),
            ];
            await records.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, ct);

            after = docs[^1][RecordFields.Id].AsObjectId;
            await MarkAsync(c, Builders<StoreUpgradeDocument>.Update.Max(d => d.After, after), ct);
        }
    }

    /// <summary>The keys of a stored record, from its stored fields (those the projection read).</summary>
    private static BsonArray KeysOf(BsonDocument stored) =>
        CriteriaKeys.For(BsonSerializer.Deserialize<RecordDocument>(stored).ToDomain());

    private static async Task MarkAsync(MongoCollections c, UpdateDefinition<StoreUpgradeDocument> update, CancellationToken ct)
    {
        try
        {
            await c.StoreUpgrades.UpdateOneAsync(
                d => d.Id == StoreUpgradeDocument.IdOf(Name), update.SetOnInsert(d => d.Name, Name), new UpdateOptions { IsUpsert = true }, ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Another instance created the marker at the same moment: this update now finds it.
            await c.StoreUpgrades.UpdateOneAsync(d => d.Id == StoreUpgradeDocument.IdOf(Name), update, cancellationToken: ct);
        }
    }
}
