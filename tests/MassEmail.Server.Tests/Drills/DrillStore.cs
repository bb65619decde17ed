using MassEmail.Server.Tests.Infrastructure;
using MongoDB.Driver;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// The store every server process of a drill opens, as configuration: an SQLite file in the drill's
/// directory, or a fresh database on <c>MASSEMAIL_TEST_MONGO_URI</c> that is dropped at the end
/// (CongoDB keeps everything in memory for the whole test run).
/// </summary>
internal sealed class DrillStore(StoreKind kind, string directory) : IAsyncDisposable
{
    private readonly string database = $"massemail_drill_{Guid.NewGuid():N}";

    /// <summary>The MongoDB database name (unused on SQLite).</summary>
    public string Database => database;

    /// <summary>Skips the calling test, with the reason, when the store cannot be used here.</summary>
    public static void SkipIfUnavailable(StoreKind kind)
    {
        var reason = MassEmailServer.UnavailableReason(kind);
        Skip.If(reason is not null, reason);
    }

    /// <summary>The environment variables that point a server process at this store.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment => kind == StoreKind.Sqlite
        ? [
            new("Storage__Provider", "Sqlite"),
            new("Storage__Sqlite__Path", Path.Combine(directory, "massemail.db")),
        ]
        : [
            new("Storage__Provider", "Mongo"),
            new("Storage__Mongo__ConnectionString", MassEmailServer.MongoUri ?? throw new InvalidOperationException($"{MassEmailServer.MongoUriVariable} is not set")),
            new("Storage__Mongo__Database", database),
        ];

    public async ValueTask DisposeAsync()
    {
        if (kind == StoreKind.Mongo && MassEmailServer.MongoUri is { Length: > 0 } uri)
        {
            using var client = new MongoClient(uri);
            await client.DropDatabaseAsync(database);
        }
    }
}
