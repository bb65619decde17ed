using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Macros;
using MassEmail.Core.Templates;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Macros;

/// <summary>The <c>macros</c> table: unique name per organisation, writes conditional on version.</summary>
internal sealed class SqliteMacroStore(SqliteConnectionFactory connections) : IMacroStore
{
    public async Task InsertAsync(Macro macro, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO macros (org_id, id, module, name, name_key, template_id, from_choice, reply_to_choice, created_by, version, created_at, updated_at)
            VALUES (@OrgId, @Id, @Module, @Name, @NameKey, @TemplateId, @FromChoice, @ReplyToChoice, @CreatedBy, @Version, @CreatedAt, @UpdatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, MacroRow.From(macro), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("macro", "name", macro.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("macro", "id", macro.Id);
        }
    }

    public async Task<Macro?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {MacroRow.Columns} FROM macros WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        MacroRow? row = await db.QuerySingleOrDefaultAsync<MacroRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Macro>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {MacroRow.Columns} FROM macros WHERE org_id = @orgId ORDER BY name_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<MacroRow> rows = await db.QueryAsync<MacroRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Macro macro, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE macros
            SET name = @Name, name_key = @NameKey, template_id = @TemplateId, from_choice = @FromChoice, reply_to_choice = @ReplyToChoice,
                version = @Version, updated_at = @UpdatedAt
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var parameters = new DynamicParameters(MacroRow.From(macro));
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
            throw new AlreadyExistsException("macro", "name", macro.Name);
        }

        // Only reached after the conditional write matched nothing, to tell the caller why.
        var exists = await db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM macros WHERE org_id = @OrgId AND id = @Id);", new { macro.OrgId, macro.Id }, cancellationToken: ct));
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = "DELETE FROM macros WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct)) > 0;
    }
}
