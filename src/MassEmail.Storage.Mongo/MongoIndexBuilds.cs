using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// The start-up index migration: builds every index of <see cref="MongoIndexes"/>, one createIndexes per index, with
/// <c>commitQuorum: "majority"</c> on a replica set or sharded cluster (a standalone refuses a commit quorum). Several
/// instances may run it at once: a build of the same index joins the one in progress, an existing identical index is a
/// no-op, a build another instance aborted or is starting is retried, and an index of the same name whose definition
/// changed is dropped and rebuilt (whoever drops second finds it gone, which is fine).
/// </summary>
internal static class MongoIndexBuilds
{
    private const int IndexNotFound = 27;
    private const int IndexOptionsConflict = 85;
    private const int IndexKeySpecsConflict = 86;
    private const int IndexBuildAborted = 276;
    private const int IndexBuildAlreadyInProgress = 285;
    private const int Attempts = 5;

    public static async Task RunAsync(MongoCollections collections, CancellationToken ct)
    {
        bool replicated = await IsReplicatedAsync(collections.Database, ct);
        var options = new CreateManyIndexesOptions { CommitQuorum = replicated ? CreateIndexCommitQuorum.Majority : null };
        foreach (MongoIndex index in MongoIndexes.Declared(collections))
        {
            await BuildAsync(collections.Database.GetCollection<BsonDocument>(index.Collection), index, options, ct);
        }

        await MongoExpiryUpgrade.RunAsync(collections, ct);
    }

    private static async Task BuildAsync(IMongoCollection<BsonDocument> collection, MongoIndex index, CreateManyIndexesOptions options, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Compared here rather than left to the server: not every server refuses a changed index under an old name.
            if (await ExistingAsync(collection, index.Name, ct) is { } existing && !index.Matches(existing))
            {
                await DropAsync(collection, index.Name, ct);
            }

            try
            {
                await collection.Indexes.CreateManyAsync([index.ToModel()], options, ct);
                return;
            }
            catch (MongoCommandException e) when (attempt < Attempts
                && e.Code is IndexBuildAborted or IndexBuildAlreadyInProgress or IndexOptionsConflict or IndexKeySpecsConflict)
            {
                // Another instance's build of it is being set up or was aborted, or it rebuilt an old definition
                // meanwhile: look again. Another index with these keys under another name is an operator's, not ours:
                // the last attempt fails the start-up with the server's message.
            }
        }
    }

    private static async Task<BsonDocument?> ExistingAsync(IMongoCollection<BsonDocument> collection, string name, CancellationToken ct)
    {
        List<BsonDocument> indexes = await (await collection.Indexes.ListAsync(ct)).ToListAsync(ct);
        return indexes.FirstOrDefault(i => i.GetValue("name", "").ToString() == name);
    }

    private static async Task DropAsync(IMongoCollection<BsonDocument> collection, string name, CancellationToken ct)
    {
        try
        {
            await collection.Indexes.DropOneAsync(name, ct);
        }
        catch (MongoCommandException e) when (e.Code == IndexNotFound)
        {
            // Another instance dropped it first.
        }
    }

    /// <summary>A replica set member or a mongos (which passes the quorum to its shards); false for a standalone.</summary>
    private static async Task<bool> IsReplicatedAsync(IMongoDatabase database, CancellationToken ct)
    {
        BsonDocument hello = await database.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: ct);
        return hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid";
    }
}
