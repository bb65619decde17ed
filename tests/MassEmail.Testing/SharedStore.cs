using MongoDB.Driver;

namespace MassEmail.Testing;

/// <summary>
/// The store that server processes share, as their configuration (environment variables): an SQLite file in
/// <paramref name="directory"/>, or, given a MongoDB server, a fresh database on it that is dropped on disposal
/// (a test server such as CongoDB keeps every database in memory until it stops).
/// </summary>
/// <param name="mongoUri">Null: SQLite. Empty: MongoDB was asked for but there is none (reading <see cref="Environment"/> throws).</param>
public sealed class SharedStore(string? mongoUri, string directory) : IAsyncDisposable
{
    /// <summary>The MongoDB database name (unused on SQLite).</summary>
    public string Database { get; } = $"massemail_shared_{Guid.NewGuid():N}";

    /// <summary>The environment variables that point a server process at this store.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment => mongoUri switch
    {
        null => [
            new("Storage__Provider", "Sqlite"),
            new("Storage__Sqlite__Path", Path.Combine(directory, "massemail.db")),
        ],
        "" => throw new InvalidOperationException("no MongoDB server to run against"),
        _ => [
            new("Storage__Provider", "Mongo"),
            new("Storage__Mongo__ConnectionString", mongoUri),
            new("Storage__Mongo__Database", Database),
        ],
    };

    public async ValueTask DisposeAsync()
    {
        if (mongoUri is { Length: > 0 })
        {
            using var client = new MongoClient(mongoUri);
            await client.DropDatabaseAsync(Database);
        }
    }
}
