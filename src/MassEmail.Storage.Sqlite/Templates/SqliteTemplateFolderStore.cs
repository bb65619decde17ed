using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Templates;

/// <summary>The <c>template_folders</c> table; names are unique per organisation through <c>name_key</c>.</summary>
internal sealed class SqliteTemplateFolderStore(SqliteConnectionFactory connections) : ITemplateFolderStore
{
    public async Task InsertAsync(TemplateFolder folder, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO template_folders (org_id, id, name, name_key, created_at)
            VALUES (@OrgId, @Id, @Name, @NameKey, @CreatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, TemplateFolderRow.From(folder), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("template folder", "name", folder.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("template folder", "id", folder.Id);
        }
    }

    public async Task<TemplateFolder?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {TemplateFolderRow.Columns} FROM template_folders WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        TemplateFolderRow? row = await db.QuerySingleOrDefaultAsync<TemplateFolderRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<TemplateFolder>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {TemplateFolderRow.Columns} FROM template_folders WHERE org_id = @orgId ORDER BY name_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<TemplateFolderRow> rows = await db.QueryAsync<TemplateFolderRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = "DELETE FROM template_folders WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct)) > 0;
    }
}
