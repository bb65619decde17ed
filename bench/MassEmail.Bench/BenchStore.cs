using MongoDB.Driver;

namespace MassEmail.Bench;

/// <summary>
/// The store several server processes of one benchmark run share, as their configuration: an SQLite file in a
/// fresh directory, or a fresh database on a MongoDB server. Disposing deletes the file or drops the database.
/// </summary>
internal sealed class BenchStore(string? mongoUri) : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("massemail-bench-store-").FullName;
    private readonly string database = $"massemail_bench_{Guid.NewGuid():N}";

    /// <summary>The environment variables that point a server process at this store.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment => mongoUri is null
        ? [
            new("Storage__Provider", "Sqlite"),
            new("Storage__Sqlite__Path", Path.Combine(directory, "bench.db")),
        ]
        : [
            new("Storage__Provider", "Mongo"),
            new("Storage__Mongo__ConnectionString", mongoUri),
            new("Storage__Mongo__Database", database),
        ];

    public async ValueTask DisposeAsync()
    {
        if (mongoUri is not null)
        {
            using var client = new MongoClient(mongoUri);
            await client.DropDatabaseAsync(database);
        }

        Directory.Delete(directory, recursive: true);
    }
}
