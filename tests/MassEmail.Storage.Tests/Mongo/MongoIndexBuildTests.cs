using MassEmail.Storage.Mongo;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo;

/// <summary>
/// The start-up index migration (<see cref="MongoIndexBuilds"/>): instances starting together, an index whose
/// definition changed since the last start, TTL indexes and the expiry given to documents written before them.
/// </summary>
public sealed class MongoIndexBuildTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [SkippableFact]
    public async Task InitializeAsync_ThreeInstancesAtOnce_AllSucceedWithEveryIndex()
    {
        await using StoreInstance first = await fixture.OpenFreshAsync();
        var database = DatabaseName(first);
        ServiceProvider[] others = [MongoStoreFixture.BuildServices(fixture.ConnectionString, database), MongoStoreFixture.BuildServices(fixture.ConnectionString, database)];
        try
        {
            IServiceProvider[] all = [first.Services, .. others];
            await Race.RunAsync(all.Length, i => all[i].GetRequiredService<MassEmail.Core.Storage.IStoreInitializer>().InitializeAsync(Ct));

            MongoCollections collections = first.Get<MongoCollections>();
            foreach (MongoIndex index in MongoIndexes.Declared(collections))
            {
                BsonDocument built = await IndexAsync(collections.Database, index.Collection, index.Name);
                Assert.Equal(index.Keys, built["key"].AsBsonDocument);
            }
        }
        finally
        {
            foreach (ServiceProvider other in others)
            {
                await other.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task InitializeAsync_IndexDeclaredDifferentlyBefore_IsRebuiltAsDeclared()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        IMongoDatabase database = store.Get<MongoCollections>().Database;
        // ix_templates_folder before it gained _id (the keyset listing's tie-break).
        await database.GetCollection<BsonDocument>("templates").Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            new BsonDocument { ["org_id"] = 1, ["folder_id"] = 1, ["name_key"] = 1 }, new CreateIndexOptions { Name = "ix_templates_folder" }), cancellationToken: Ct);

        await store.InitializeAsync();

        BsonDocument rebuilt = await IndexAsync(database, "templates", "ix_templates_folder");
        Assert.Equal(new BsonDocument { ["org_id"] = 1, ["folder_id"] = 1, ["name_key"] = 1, ["_id"] = 1 }, rebuilt["key"].AsBsonDocument);
    }

    [SkippableFact]
    public async Task InitializeAsync_Always_ExpiresCountersAndKeysByTheirDate()
    {
        IMongoDatabase database = fixture.Store.Get<MongoCollections>().Database;

        foreach (var (collection, name) in new[] { ("quota_counters", "ix_quota_counters_expiry"), ("mass_send_keys", "ix_mass_send_keys_expiry") })
        {
            BsonDocument index = await IndexAsync(database, collection, name);
            Assert.Equal(new BsonDocument("expire_at", 1), index["key"].AsBsonDocument);
            Assert.Equal(0, index["expireAfterSeconds"].ToInt64());
        }
    }

    [SkippableFact]
    public async Task InitializeAsync_CountersAndKeysWrittenBeforeExpiry_GetTheirExpiry()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        IMongoDatabase database = store.Get<MongoCollections>().Database;
        ObjectId counterId = ObjectId.GenerateNewId();
        ObjectId keyId = ObjectId.GenerateNewId();
        var created = new DateTime(2026, 3, 9, 17, 30, 0, DateTimeKind.Utc);
        await database.GetCollection<BsonDocument>("quota_counters").InsertOneAsync(
            new BsonDocument { ["_id"] = counterId, ["org_id"] = ObjectId.GenerateNewId(), ["counter"] = "bulk", ["day"] = "2026-03-09", ["used"] = 5L },
            cancellationToken: Ct);
        await database.GetCollection<BsonDocument>("mass_send_keys").InsertOneAsync(
            new BsonDocument { ["_id"] = keyId, ["org_id"] = ObjectId.GenerateNewId(), ["idempotency_key"] = "k", ["send"] = new BsonDocument("created_at", created) },
            cancellationToken: Ct);

        await store.InitializeAsync();

        BsonDocument counter = await database.GetCollection<BsonDocument>("quota_counters").Find(new BsonDocument("_id", counterId)).SingleAsync(Ct);
        BsonDocument key = await database.GetCollection<BsonDocument>("mass_send_keys").Find(new BsonDocument("_id", keyId)).SingleAsync(Ct);
        Assert.Equal(new DateTime(2026, 3, 17, 0, 0, 0, DateTimeKind.Utc), counter["expire_at"].ToUniversalTime());
        Assert.Equal(created.AddDays(7), key["expire_at"].ToUniversalTime());
        Assert.Equal(QuotaCounterDocument.ExpiryOf(new DateOnly(2026, 3, 9)), counter["expire_at"].ToUniversalTime());
    }

    private static string DatabaseName(StoreInstance store) =>
        store.Services.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database;

    private static async Task<BsonDocument> IndexAsync(IMongoDatabase database, string collection, string name) =>
        (await (await database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(Ct)).ToListAsync(Ct)).Single(i => i["name"] == name);
}
