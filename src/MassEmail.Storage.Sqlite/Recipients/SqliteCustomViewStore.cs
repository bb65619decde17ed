using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>The <c>custom_views</c> table: unique name per organisation and module, writes conditional on version.</summary>
internal sealed class SqliteCustomViewStore(SqliteConnectionFactory connections) : ICustomViewStore
{
    public async Task InsertAsync(CustomView view, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO custom_views (org_id, id, module, name, name_key, criteria_json, version, created_at, updated_at)
            VALUES (@OrgId, @Id, @Module, @Name, @NameKey, @CriteriaJson, @Version, @CreatedAt, @UpdatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, CustomViewRow.From(view), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("custom view", "name", view.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("custom view", "id", view.Id);
        }
    }

    public async Task<CustomView?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {CustomViewRow.Columns} FROM custom_views WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        CustomViewRow? row = await db.QuerySingleOrDefaultAsync<CustomViewRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<CustomView>> ListAsync(string orgId, RecordModule? module, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {CustomViewRow.Columns} FROM custom_views
            WHERE org_id = @orgId AND (@module IS NULL OR module = @module)
            ORDER BY name_key, id;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<CustomViewRow> rows = await db.QueryAsync<CustomViewRow>(
            new CommandDefinition(sql, new { orgId, module = (long?)module }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(CustomView view, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE custom_views
            SET module = @Module, name = @Name, name_key = @NameKey, criteria_json = @CriteriaJson, version = @Version,
                created_at = @CreatedAt, updated_at = @UpdatedAt
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var parameters = new DynamicParameters(CustomViewRow.From(view));
        parameters.Add("ExpectedVersion", expectedVersion);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            if (await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) > 0)
            {
                return WriteOutcome.Done;
            }
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("custom view", "name", view.Name);
        }

        // Only reached after the conditional write matched nothing, to tell the caller why.
        var exists = await db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM custom_views WHERE org_id = @OrgId AND id = @Id);", new { view.OrgId, view.Id }, cancellationToken: ct));
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = "DELETE FROM custom_views WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct)) > 0;
    }
}
