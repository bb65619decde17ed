using System.Text.Json;
using Dapper;
using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Templates;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>rate_groups</c> table: one row per account, its members as a JSON array. A write is one statement
/// conditional on the stored version (or on no row, for the first), which SQLite's single writer makes atomic
/// across every process on the file.
/// </summary>
internal sealed class SqliteRateGroupStore(SqliteConnectionFactory connections) : IRateGroupStore
{
    public async Task<RateGroup?> GetAsync(string key, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<(long Version, long Throttles, string Members)?>(new CommandDefinition(
            "SELECT version, throttles, members FROM rate_groups WHERE group_key = @key;", new { key }, cancellationToken: ct));
        return row is { } r
            ? new RateGroup(key, r.Version, r.Throttles, JsonSerializer.Deserialize<List<RateGroupMember>>(r.Members) ?? [])
            : null;
    }

    public async Task<WriteOutcome> WriteAsync(RateGroup group, long expectedVersion, CancellationToken ct)
    {
        var values = new { key = group.Key, group.Version, group.Throttles, members = JsonSerializer.Serialize(group.Members), expectedVersion };
        var sql = expectedVersion == 0
            ? "INSERT INTO rate_groups (group_key, version, throttles, members) VALUES (@key, @Version, @Throttles, @members) ON CONFLICT DO NOTHING;"
            : "UPDATE rate_groups SET version = @Version, throttles = @Throttles, members = @members WHERE group_key = @key AND version = @expectedVersion;";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var written = await write.Db.ExecuteAsync(new CommandDefinition(sql, values, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return written == 1 ? WriteOutcome.Done : WriteOutcome.VersionMismatch;
    }
}
