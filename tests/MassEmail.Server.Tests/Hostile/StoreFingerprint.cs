using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// What the store holds, read from the store itself (every table or collection, every row), as one hash
/// per table: a refused request must leave every one of them as it was. The exceptions hold no data a request could
/// change: the shared rate limiter's membership table, which every running instance rewrites on its own heartbeat
/// whether or not any request arrives, and the campaign-tool call windows and locks, which count the calls made to a
/// vendor. A valid request that asks the vendor something (its lists, to check a sync definition's remote list) is
/// counted there whatever the vendor answers, as the vendor counts it; in the hostile world no vendor answers, so the
/// request ends FAILED_PRECONDITION with its call counted.
/// </summary>
internal static class StoreFingerprint
{
    private static readonly HashSet<string> Heartbeats = new(StringComparer.Ordinal) { "rate_groups", "endpoint_calls", "endpoint_locks" };

    /// <summary>
    /// Longest a whole MongoDB fingerprint may take. The driver waits for a reply forever by default: a store that stops
    /// answering then fails the test here, with this step named, instead of hanging the run until its blame timeout.
    /// </summary>
    private static readonly TimeSpan MongoBound = TimeSpan.FromMinutes(2);

    private static readonly Lazy<MongoClient> Mongo = new(() =>
    {
        var settings = MongoClientSettings.FromConnectionString(MassEmailServer.MongoUri);
        settings.SocketTimeout = MongoBound;
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(30);
        return new MongoClient(settings);
    });

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(StoreKind kind, string sqlitePath, string mongoDatabase) =>
        kind == StoreKind.Sqlite ? await SqliteAsync(sqlitePath) : await MongoAsync(mongoDatabase);

    /// <summary>The tables whose content differs, empty when none.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order().ToList();

    private static async Task<IReadOnlyDictionary<string, string>> SqliteAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!Heartbeats.Contains(reader.GetString(0)))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001F');
                }

                rows.Add(row.ToString());
            }

            hashes[table] = Hash(rows);
        }

        return hashes;
    }

    private static async Task<IReadOnlyDictionary<string, string>> MongoAsync(string database)
    {
        var db = Mongo.Value.GetDatabase(database);
        using var bound = new CancellationTokenSource(MongoBound);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (await (await db.ListCollectionNamesAsync(cancellationToken: bound.Token)).ToListAsync(bound.Token)).Where(n => !Heartbeats.Contains(n)))
        {
            var documents = await db.GetCollection<BsonDocument>(name).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(bound.Token);
            hashes[name] = Hash(documents.Select(d => d.ToJson()));
        }

        return hashes;
    }

    private static string Hash(IEnumerable<string> rows)
    {
        var text = string.Join('\u001E', rows.Order(StringComparer.Ordinal));
        return $"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16]}";
    }
}
