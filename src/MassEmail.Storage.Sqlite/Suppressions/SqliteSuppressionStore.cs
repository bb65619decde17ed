using System.Text.Json;
using Dapper;
using MassEmail.Core.Suppressions;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Suppressions;

/// <summary>
/// The <c>suppressions</c> table, keyed by (org_id, email_key). An add is an insert that leaves an existing row alone
/// and a read of the row, in one write transaction, so concurrent adds of one address agree on the stored entry.
/// </summary>
internal sealed class SqliteSuppressionStore(SqliteConnectionFactory connections) : ISuppressionStore
{
    private const string Columns =
        "org_id AS OrgId, email_key AS EmailKey, email AS Email, reason AS Reason, source AS Source, detail AS Detail, at AS At";

    public async Task<(Suppression Stored, bool Added)> AddAsync(Suppression suppression, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO suppressions (org_id, email_key, email, reason, source, detail, at)
            VALUES (@OrgId, @EmailKey, @Email, @Reason, @Source, @Detail, @At)
            ON CONFLICT (org_id, email_key) DO NOTHING;
            """;
        const string select = $"SELECT {Columns} FROM suppressions WHERE org_id = @OrgId AND email_key = @EmailKey;";
        var row = Row.From(suppression);
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var added = await write.Db.ExecuteAsync(new CommandDefinition(insert, row, write.Tx, cancellationToken: ct)) == 1;
        var stored = await write.Db.QuerySingleAsync<Row>(new CommandDefinition(select, row, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return (stored.ToDomain(), added);
    }

    public async Task<bool> RemoveAsync(string orgId, string emailKey, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM suppressions WHERE org_id = @orgId AND email_key = @emailKey;", new { orgId, emailKey }, cancellationToken: ct)) == 1;
    }

    public async Task<Suppression?> GetAsync(string orgId, string emailKey, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM suppressions WHERE org_id = @orgId AND email_key = @emailKey;", new { orgId, emailKey }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlySet<string>> FindSuppressedAsync(string orgId, IReadOnlyCollection<string> emailKeys, CancellationToken ct)
    {
        if (emailKeys.Count == 0)
        {
            return new HashSet<string>();
        }

        await using SqliteConnection db = await connections.OpenAsync(ct);
        var found = await db.QueryAsync<string>(new CommandDefinition(
            "SELECT email_key FROM suppressions WHERE org_id = @orgId AND email_key IN (SELECT value FROM json_each(@keys));",
            new { orgId, keys = JsonSerializer.Serialize(emailKeys) },
            cancellationToken: ct));
        return found.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Suppression>> ListAsync(string orgId, string? afterKey, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM suppressions
            WHERE org_id = @orgId AND (@afterKey IS NULL OR email_key > @afterKey)
            ORDER BY email_key LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(sql, new { orgId, afterKey, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    private sealed class Row
    {
        public string OrgId { get; set; } = "";

        public string EmailKey { get; set; } = "";

        public string Email { get; set; } = "";

        public long Reason { get; set; }

        public string Source { get; set; } = "";

        public string Detail { get; set; } = "";

        public long At { get; set; }

        public static Row From(Suppression s) => new()
        {
            OrgId = s.OrgId,
            EmailKey = s.EmailKey,
            Email = s.Email,
            Reason = (long)s.Reason,
            Source = s.Source,
            Detail = s.Detail,
            At = UnixMilliseconds.From(s.At),
        };

        public Suppression ToDomain() => new(OrgId, EmailKey, Email, (SuppressionReason)Reason, Source, Detail, UnixMilliseconds.ToTime(At));
    }
}
