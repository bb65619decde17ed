using System.Text.Json;
using Dapper;
using MassEmail.Core.OptOut;
using MassEmail.Core.Templates;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.OptOut;

/// <summary>
/// The <c>signing_key_rings</c> table: the unsubscribe ring as one row, its keys as a JSON array. A write is one
/// statement conditional on the stored version (or on no row, for the first), which SQLite's single writer makes
/// atomic across every process on the file.
/// </summary>
internal sealed class SqliteSigningKeyStore(SqliteConnectionFactory connections) : ISigningKeyStore
{
    private const string Ring = "unsubscribe";

    public async Task<SigningKeyRing?> GetAsync(CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<(long Version, string Keys)?>(new CommandDefinition(
            "SELECT version, keys FROM signing_key_rings WHERE ring = @Ring;", new { Ring }, cancellationToken: ct));
        return row is { } r ? new SigningKeyRing(r.Version, JsonSerializer.Deserialize<List<SigningKey>>(r.Keys) ?? []) : null;
    }

    public async Task<WriteOutcome> WriteAsync(SigningKeyRing ring, long expectedVersion, CancellationToken ct)
    {
        var values = new { Ring, ring.Version, keys = JsonSerializer.Serialize(ring.Keys), expectedVersion };
        var sql = expectedVersion == 0
            ? "INSERT INTO signing_key_rings (ring, version, keys) VALUES (@Ring, @Version, @keys) ON CONFLICT DO NOTHING;"
            : "UPDATE signing_key_rings SET version = @Version, keys = @keys WHERE ring = @Ring AND version = @expectedVersion;";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var written = await write.Db.ExecuteAsync(new CommandDefinition(sql, values, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return written == 1 ? WriteOutcome.Done : WriteOutcome.VersionMismatch;
    }
}
