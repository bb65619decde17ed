using System.Text;
using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Templates;

/// <summary>The <c>templates</c> table: unique name per organisation, keyset listing, writes conditional on version.</summary>
internal sealed class SqliteTemplateStore(SqliteConnectionFactory connections) : ITemplateStore
{
    public async Task InsertAsync(Template template, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO templates (org_id, id, name, name_key, folder_id, subject, html_body, text_body,
                                   from_address, from_display_name, reply_to_address, reply_to_display_name,
                                   engine, description, version, created_at, updated_at)
            VALUES (@OrgId, @Id, @Name, @NameKey, @FolderId, @Subject, @HtmlBody, @TextBody,
                    @FromAddress, @FromDisplayName, @ReplyToAddress, @ReplyToDisplayName,
                    @Engine, @Description, @Version, @CreatedAt, @UpdatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, TemplateRow.From(template), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("template", "name", template.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("template", "id", template.Id);
        }
    }

    public async Task<Template?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {TemplateRow.Columns} FROM templates WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        TemplateRow? row = await db.QuerySingleOrDefaultAsync<TemplateRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Template>> ListAsync(TemplateQuery query, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {TemplateRow.Columns} FROM templates WHERE org_id = @OrgId");
        if (query.FolderId is not null)
        {
            sql.Append(" AND folder_id = @FolderId");
        }

        if (!string.IsNullOrEmpty(query.NameContainsKey))
        {
            // instr, not LIKE: the text is matched literally, so % and _ in a search need no escaping.
            sql.Append(" AND instr(name_key, @NameContainsKey) > 0");
        }

        if (query.AfterNameKey is not null)
        {
            // With no AfterId, "id > NULL" is never true: the listing starts strictly after the name.
            sql.Append(" AND (name_key > @AfterNameKey OR (name_key = @AfterNameKey AND id > @AfterId))");
        }

        sql.Append(" ORDER BY name_key, id LIMIT @Limit;");
        var parameters = new
        {
            query.OrgId,
            query.FolderId,
            query.NameContainsKey,
            query.AfterNameKey,
            query.AfterId,
            query.Limit,
        };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<TemplateRow> rows = await db.QueryAsync<TemplateRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Template template, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE templates
            SET name = @Name, name_key = @NameKey, folder_id = @FolderId, subject = @Subject, html_body = @HtmlBody,
                text_body = @TextBody, from_address = @FromAddress, from_display_name = @FromDisplayName,
                reply_to_address = @ReplyToAddress, reply_to_display_name = @ReplyToDisplayName, engine = @Engine,
                description = @Description, version = @Version, created_at = @CreatedAt, updated_at = @UpdatedAt
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        TemplateRow row = TemplateRow.From(template);
        var parameters = new DynamicParameters(row);
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
            throw new AlreadyExistsException("template", "name", template.Name);
        }

        return await ExistsAsync(db, template.OrgId, template.Id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct)
    {
        const string sql = "DELETE FROM templates WHERE org_id = @orgId AND id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion);";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        if (await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id, expectedVersion }, cancellationToken: ct)) > 0)
        {
            return WriteOutcome.Done;
        }

        return expectedVersion is not null && await ExistsAsync(db, orgId, id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> AnyInFolderAsync(string orgId, string folderId, CancellationToken ct)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM templates WHERE org_id = @orgId AND folder_id = @folderId);";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { orgId, folderId }, cancellationToken: ct));
    }

    // Only reached after a conditional write matched nothing, to tell the caller why.
    private static Task<bool> ExistsAsync(SqliteConnection db, string orgId, string id, CancellationToken ct) =>
        db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM templates WHERE org_id = @orgId AND id = @id);", new { orgId, id }, cancellationToken: ct));
}
