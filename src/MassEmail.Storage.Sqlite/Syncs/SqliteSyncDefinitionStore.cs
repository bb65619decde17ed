using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Syncs;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Syncs;

/// <summary>
/// The <c>sync_definitions</c> table: unique name per connection; an update is one statement conditional on the version;
/// a run's claim, checkpoint and release are each one statement conditional on its lease (see <see cref="SyncRunsMigration"/>).
/// </summary>
internal sealed partial class SqliteSyncDefinitionStore(SqliteConnectionFactory connections) : ISyncDefinitionStore
{
    public async Task InsertAsync(SyncDefinition definition, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO sync_definitions (org_id, id, connection_id, name, name_key, settings, status, created_by, created_at, updated_at, version, run_due_at)
            VALUES (@OrgId, @Id, @ConnectionId, @Name, @NameKey, @Settings, @Status, @CreatedBy, @CreatedAt, @UpdatedAt, @Version, @RunDueAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, SyncDefinitionRow.From(definition), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("sync definition", "name", definition.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("sync definition", "id", definition.Id);
        }
    }

    public async Task<SyncDefinition?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {SyncDefinitionRow.Columns} FROM sync_definitions WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        SyncDefinitionRow? row = await db.QuerySingleOrDefaultAsync<SyncDefinitionRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListAsync(string orgId, string connectionId, CancellationToken ct)
    {
        const string sql = $"SELECT {SyncDefinitionRow.Columns} FROM sync_definitions WHERE org_id = @orgId AND connection_id = @connectionId ORDER BY name_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<SyncDefinitionRow> rows = await db.QueryAsync<SyncDefinitionRow>(new CommandDefinition(sql, new { orgId, connectionId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListForOrganisationAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {SyncDefinitionRow.Columns} FROM sync_definitions WHERE org_id = @orgId ORDER BY id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<SyncDefinitionRow> rows = await db.QueryAsync<SyncDefinitionRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListAllAsync(string? afterId, int limit, CancellationToken ct)
    {
        // Across organisations: the table is small (definitions, not records), so the id order is a scan and a sort.
        const string sql = $"SELECT {SyncDefinitionRow.Columns} FROM sync_definitions WHERE id > @afterId ORDER BY id LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<SyncDefinitionRow> rows = await db.QueryAsync<SyncDefinitionRow>(new CommandDefinition(sql, new { afterId = afterId ?? "", limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> UpdateAsync(SyncDefinition definition, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE sync_definitions SET name = @Name, name_key = @NameKey, settings = @Settings, updated_at = @UpdatedAt, version = @Version,
                run_due_at = COALESCE(@RunDueAt, run_due_at)
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var row = SyncDefinitionRow.From(definition);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            return await db.ExecuteAsync(new CommandDefinition(sql, new
            {
                row.Name,
                row.NameKey,
                row.Settings,
                row.UpdatedAt,
                row.Version,
                row.RunDueAt,
                row.OrgId,
                row.Id,
                ExpectedVersion = expectedVersion,
            }, cancellationToken: ct)) > 0;
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("sync definition", "name", definition.Name);
        }
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = "DELETE FROM sync_definitions WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct)) > 0;
    }

    public async Task<int> DeleteForConnectionAsync(string orgId, string connectionId, CancellationToken ct)
    {
        const string sql = "DELETE FROM sync_definitions WHERE org_id = @orgId AND connection_id = @connectionId;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, connectionId }, cancellationToken: ct));
    }
}
