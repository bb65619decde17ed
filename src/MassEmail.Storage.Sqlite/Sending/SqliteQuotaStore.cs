using Dapper;
using MassEmail.Core.Sending;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>quota_counters</c> and <c>quota_releases</c> tables. Reservations run in an IMMEDIATE transaction: SQLite's one
/// writer makes them atomic. The first reservation of a counter on a day removes that counter's days past
/// <see cref="IQuotaStore.Retention"/>, with what was given back on them.
/// </summary>
internal sealed class SqliteQuotaStore(SqliteConnectionFactory connections) : IQuotaStore
{
    public async Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct)
    {
        // A day's counter goes once Retention has passed since the day ended, as MongoDB's TTL index has it: every day
        // before day - Retention ended that long before this day began.
        var keepFrom = Day(day.AddDays(-(int)IQuotaStore.Retention.TotalDays));
        var key = new { orgId, counter, day = Day(day), amount, limit, keepFrom };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        if (await db.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO quota_counters (org_id, counter, day, used) VALUES (@orgId, @counter, @day, 0);", key, tx, cancellationToken: ct)) == 1)
        {
            await db.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM quota_counters WHERE org_id = @orgId AND counter = @counter AND day < @keepFrom;
                DELETE FROM quota_releases WHERE org_id = @orgId AND counter = @counter AND day < @keepFrom;
                """,
                key, tx, cancellationToken: ct));
        }

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

    public async Task<long> ReleaseUpToAsync(string orgId, string counter, DateOnly day, string key, long released, CancellationToken ct)
    {
        if (!IQuotaStore.IsReleaseKey(key))
        {
            throw new ArgumentException("not a release key", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(released);
        var p = new { orgId, counter, day = Day(day), key, released };
        await using SqliteConnection db = await connections.OpenAsync(ct);

        // One IMMEDIATE transaction: what the key gave back and the counter move together, one writer at a time.
        await using var tx = db.BeginTransaction(deferred: false);
        var before = await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT released FROM quota_releases WHERE org_id = @orgId AND counter = @counter AND day = @day AND release_key = @key;",
            p, tx, cancellationToken: ct)) ?? 0;
        if (released <= before)
        {
            return 0;
        }

        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO quota_releases (org_id, counter, day, release_key, released) VALUES (@orgId, @counter, @day, @key, @released)
            ON CONFLICT (org_id, counter, day, release_key) DO UPDATE SET released = excluded.released;
            """,
            p, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE quota_counters SET used = max(0, used - @amount) WHERE org_id = @orgId AND counter = @counter AND day = @day;",
            new { orgId, counter, day = Day(day), amount = released - before }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return released - before;
    }

    public async Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT used FROM quota_counters WHERE org_id = @orgId AND counter = @counter AND day = @day;",
            new { orgId, counter, day = Day(day) }, cancellationToken: ct)) ?? 0;
    }

    /// <summary>A counter's day as the tables store it.</summary>
    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
