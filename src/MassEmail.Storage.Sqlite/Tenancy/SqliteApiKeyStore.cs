using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Tenancy;

/// <summary>The <c>api_keys</c> table. Keys are found by id alone at authentication, by organisation otherwise.</summary>
internal sealed class SqliteApiKeyStore(SqliteConnectionFactory connections) : IApiKeyStore
{
    public async Task CreateAsync(ApiKey key, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO api_keys (id, org_id, user_id, name, secret_hash, permissions, created_at, revoked_at)
            VALUES (@Id, @OrgId, @UserId, @Name, @SecretHash, @Permissions, @CreatedAt, @RevokedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, ApiKeyRow.From(key), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("API key", "id", key.Id);
        }
    }

    public async Task<ApiKeyCredential?> FindCredentialAsync(string keyId, CancellationToken ct)
    {
        // One primary-key lookup on each table. The join matches org_id too, so a key can never
        // borrow the active flag of a same-id user of another organisation.
        const string sql = $"""
            SELECT {ApiKeyRow.Columns}, u.active AS UserActive
            FROM api_keys k
            JOIN users u ON u.org_id = k.org_id AND u.id = k.user_id
            WHERE k.id = @keyId;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        ApiKeyRow? row = await db.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(sql, new { keyId }, cancellationToken: ct));
        return row is null ? null : new ApiKeyCredential(row.ToDomain(), row.UserActive != 0);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {ApiKeyRow.Columns} FROM api_keys k WHERE k.org_id = @orgId ORDER BY k.created_at DESC, k.id DESC;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<ApiKeyRow> rows = await db.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<AdminWriteOutcome> RevokeAsync(string orgId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        // The key is the last admin access when it is admin access itself and no other key is.
        const string check = $"""
            SELECT EXISTS (SELECT 1 FROM api_keys WHERE org_id = @orgId AND id = @keyId),
                   EXISTS ({AdminAccessSql.Rows} AND k.id = @keyId) AND NOT EXISTS ({AdminAccessSql.Rows} AND k.id <> @keyId);
            """;

        // COALESCE keeps the first revocation time of a key revoked before.
        const string revoke = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @at) WHERE org_id = @orgId AND id = @keyId;";
        return await AdminAccessSql.WriteUnlessLastAsync(connections, check, revoke, new { orgId, keyId, at = UnixMilliseconds.From(at) }, ct);
    }
}
