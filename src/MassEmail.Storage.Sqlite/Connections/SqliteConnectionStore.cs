using Dapper;
using MassEmail.Core.Connections;
using MassEmail.Core.Errors;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>The <c>plugin_connections</c> table: unique name per organisation; the credentials arrive and leave as ciphertext.</summary>
internal sealed class SqliteConnectionStore(SqliteConnectionFactory connections) : IConnectionStore
{
    public async Task InsertAsync(Connection connection, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO plugin_connections (org_id, id, vendor, name, name_key, data_centre, protected_credentials, credential_names, created_by, created_at, version)
            VALUES (@OrgId, @Id, @Vendor, @Name, @NameKey, @DataCentre, @ProtectedCredentials, @CredentialNames, @CreatedBy, @CreatedAt, @Version);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, ConnectionRow.From(connection), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("connection", "name", connection.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("connection", "id", connection.Id);
        }
    }

    public async Task<Connection?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {ConnectionRow.Columns} FROM plugin_connections WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        ConnectionRow? row = await db.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Connection>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {ConnectionRow.Columns} FROM plugin_connections WHERE org_id = @orgId ORDER BY name_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<ConnectionRow> rows = await db.QueryAsync<ConnectionRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = "DELETE FROM plugin_connections WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct)) > 0;
    }

    public async Task<Connection?> FindByIdAsync(string id, CancellationToken ct)
    {
        // Served by ix_plugin_connections_id (migration 24).
        const string sql = $"SELECT {ConnectionRow.Columns} FROM plugin_connections WHERE id = @id LIMIT 1;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        ConnectionRow? row = await db.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        return row?.ToDomain();
    }
}
