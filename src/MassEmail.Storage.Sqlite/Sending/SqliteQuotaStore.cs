using Dapper;
using MassEmail.Core.Sending;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>The <c>quota_counters</c> table. Reservations run in an IMMEDIATE transaction: SQLite's one writer makes them atomic.</summary>
internal sealed class SqliteQuotaStore(SqliteConnectionFactory connections) : IQuotaStore
{
    public async Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct)
    {
        var key = new { orgId, counter, day = Day(day), amount, limit };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO quota_counters (org_id, counter, day, used) VALUES (@orgId, @counter, @day, 0);", key, tx, cancellationToken: ct));
        var granted = await db.ExecuteAsync(new CommandDefinition(
            "UPDATE quota_counters SET used = used + @amount WHERE org_id = @orgId AND counter = @counter AND day = @day AND used + @amount <= @limit;",
            key, tx, cancellationToken: ct)) == 1;
        var used = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT used FROM quota_counters WHERE org_id = @orgId AND counter = @counter AND day = @day;", key, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (granted, used);
    }

    public async Task ReleaseAsync(string orgId, string counter, DateOnly day, long amount, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE quota_counters SET used = max(0, used - @amount) WHERE org_id = @orgId AND counter = @counter AND day = @day;",
            new { orgId, counter, day = Day(day), amount }, cancellationToken: ct));
    }

    public async Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT used FROM quota_counters WHERE org_id = @orgId AND counter = @counter AND day = @day;",
            new { orgId, counter, day = Day(day) }, cancellationToken: ct)) ?? 0;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
