using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>The <c>mailing_lists</c> table: unique name per organisation; deleting a list deletes its subscriptions.</summary>
internal sealed class SqliteMailingListStore(SqliteConnectionFactory connections) : IMailingListStore
{
    public async Task InsertAsync(MailingList list, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO mailing_lists (org_id, id, module, name, name_key, is_dynamic, criteria_json, created_at, updated_at)
            VALUES (@OrgId, @Id, @Module, @Name, @NameKey, @IsDynamic, @CriteriaJson, @CreatedAt, @UpdatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, MailingListRow.From(list), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("mailing list", "name", list.Name);
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("mailing list", "id", list.Id);
        }
    }

    public async Task<MailingList?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {MailingListRow.Columns} FROM mailing_lists WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        MailingListRow? row = await db.QuerySingleOrDefaultAsync<MailingListRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<MailingList>> ListAsync(string orgId, CancellationToken ct)
    {
        const string sql = $"SELECT {MailingListRow.Columns} FROM mailing_lists WHERE org_id = @orgId ORDER BY name_key, id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<MailingListRow> rows = await db.QueryAsync<MailingListRow>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> RenameAsync(string orgId, string id, string name, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = "UPDATE mailing_lists SET name = @name, name_key = @nameKey, updated_at = @at WHERE org_id = @orgId AND id = @id;";
        var parameters = new { orgId, id, name, nameKey = NameKeys.For(name), at = UnixMilliseconds.From(at) };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) > 0;
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            throw new AlreadyExistsException("mailing list", "name", name);
        }
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using SqliteTransaction tx = db.BeginTransaction(deferred: false);
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM list_subscriptions WHERE org_id = @orgId AND list_id = @id;", new { orgId, id }, tx, cancellationToken: ct));
        var deleted = await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM mailing_lists WHERE org_id = @orgId AND id = @id;", new { orgId, id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }
}
