using Dapper;
using MassEmail.Core.Connections;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>
/// The <c>access_tokens</c> table: each write is one conditional statement (the lease taken only when free or ended,
/// the token stored only by the lease's holder, dropped only while it is the one the caller saw), so instances on one
/// file decide by the database, and a process killed anywhere leaves either the old row or the new one.
/// </summary>
internal sealed class SqliteAccessTokenStore(SqliteConnectionFactory connections) : IAccessTokenStore
{
    public async Task<StoredAccessToken?> GetAsync(string key, CancellationToken ct)
    {
        const string sql = """
            SELECT cache_key AS Key, protected_token AS ProtectedToken, fingerprint AS Fingerprint, expires_at AS ExpiresAt,
                   holder AS Holder, lease_until AS LeaseUntil
            FROM access_tokens WHERE cache_key = @key;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { key }, cancellationToken: ct));
        return row is null
            ? null
            : new StoredAccessToken(row.Key, row.ProtectedToken, row.Fingerprint, ToTime(row.ExpiresAt), row.Holder, ToTime(row.LeaseUntil));
    }

    public Task<bool> TryLeaseAsync(string key, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) => WriteAsync("""
        INSERT INTO access_tokens (cache_key, holder, lease_until) VALUES (@key, @holder, @leaseUntil)
        ON CONFLICT (cache_key) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
        WHERE access_tokens.holder IS NULL OR access_tokens.lease_until <= @now;
        """, new { key, holder, now = UnixMilliseconds.From(now), leaseUntil = UnixMilliseconds.From(leaseUntil) }, ct);

    public Task<bool> CompleteAsync(string key, string holder, string protectedToken, string fingerprint, DateTimeOffset expiresAt, CancellationToken ct) => WriteAsync("""
        UPDATE access_tokens
        SET protected_token = @protectedToken, fingerprint = @fingerprint, expires_at = @expiresAt, holder = NULL, lease_until = NULL
        WHERE cache_key = @key AND holder = @holder;
        """, new { key, holder, protectedToken, fingerprint, expiresAt = UnixMilliseconds.From(expiresAt) }, ct);

    public Task ReleaseAsync(string key, string holder, CancellationToken ct) => WriteAsync(
        "UPDATE access_tokens SET holder = NULL, lease_until = NULL WHERE cache_key = @key AND holder = @holder;", new { key, holder }, ct);

    public Task<bool> InvalidateAsync(string key, string fingerprint, CancellationToken ct) => WriteAsync("""
        UPDATE access_tokens SET protected_token = NULL, fingerprint = NULL, expires_at = NULL
        WHERE cache_key = @key AND fingerprint = @fingerprint;
        """, new { key, fingerprint }, ct);

    private static DateTimeOffset? ToTime(long? ms) => ms is { } value ? UnixMilliseconds.ToTime(value) : null;

    private async Task<bool> WriteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var changed = await write.Db.ExecuteAsync(new CommandDefinition(sql, parameters, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return changed > 0;
    }

    private sealed class Row
    {
        public string Key { get; set; } = "";
        public string? ProtectedToken { get; set; }
        public string? Fingerprint { get; set; }
        public long? ExpiresAt { get; set; }
        public string? Holder { get; set; }
        public long? LeaseUntil { get; set; }
    }
}
