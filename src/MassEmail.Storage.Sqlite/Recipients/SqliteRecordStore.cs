using System.Text;
using System.Text.Json;
using Dapper;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Sqlite.Recipients.Criteria;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>The <c>records</c> table: upserts by external id, keyset search with criteria, opt-outs.</summary>
internal sealed class SqliteRecordStore(SqliteConnectionFactory connections) : IRecordStore
{
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(
        string orgId, RecordModule module, IReadOnlyList<RecipientRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return [];
        }

        await using SqliteConnection db = await connections.OpenAsync(ct);

        // IMMEDIATE: take the write lock up front rather than fail to upgrade a read lock mid-batch.
        await using SqliteTransaction tx = db.BeginTransaction(deferred: false);
        using var command = new RecordUpsertCommand(db, orgId, module);
        var outcomes = new UpsertOutcome[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            outcomes[i] = command.Execute(records[i]);
        }

        await tx.CommitAsync(ct);
        return outcomes;
    }

    public async Task<RecipientRecord?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {RecordRow.Columns} FROM records r WHERE r.org_id = @orgId AND r.{RecordKeys.AnyModule} AND r.id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        RecordRow? row = await db.QuerySingleOrDefaultAsync<RecordRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<RecipientRecord?> GetByExternalIdAsync(string orgId, RecordModule module, string externalId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {RecordRow.Columns} FROM records r
            WHERE r.org_id = @orgId AND r.module = @module AND r.external_id = @externalId;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        RecordRow? row = await db.QuerySingleOrDefaultAsync<RecordRow>(
            new CommandDefinition(sql, new { orgId, module = (long)module, externalId }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<RecipientRecord>> FindByEmailKeyAsync(string orgId, RecordModule module, string emailKey, int limit, CancellationToken ct)
    {
        // Served by ix_records_email (migration 24).
        const string sql = $"""
            SELECT {RecordRow.Columns} FROM records r
            WHERE r.org_id = @orgId AND r.module = @module AND r.email_key = @emailKey ORDER BY r.id LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<RecordRow> rows = await db.QueryAsync<RecordRow>(
            new CommandDefinition(sql, new { orgId, module = (long)module, emailKey, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, DateTimeOffset at, CancellationToken ct)
    {
        // The tombstone, the pruning of the module's old ones and the delete are one transaction.
        const string tombstone = $"""
            INSERT INTO record_deletions (org_id, record_id, module, email, email_key, email_opt_out, list_ids, deleted_at)
            SELECT r.org_id, r.id, r.module, r.email_normalized, r.email_key, r.email_opt_out,
                (SELECT json_group_array(list_id) FROM (SELECT s.list_id FROM list_subscriptions s
                    WHERE s.org_id = r.org_id AND s.record_id = r.id AND s.state = @subscribed ORDER BY s.list_id)),
                @at
            FROM records r WHERE r.org_id = @orgId AND r.{RecordKeys.AnyModule} AND r.id = @id
            ON CONFLICT (org_id, record_id) DO UPDATE SET module = excluded.module, email = excluded.email,
                email_key = excluded.email_key, email_opt_out = excluded.email_opt_out, list_ids = excluded.list_ids,
                deleted_at = excluded.deleted_at
            RETURNING module;
            """;
        const string prune = "DELETE FROM record_deletions WHERE org_id = @orgId AND module = @module AND deleted_at < @expired;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using SqliteTransaction tx = db.BeginTransaction(deferred: false);
        var module = await db.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            tombstone, new { orgId, id, at = UnixMilliseconds.From(at), subscribed = (long)SubscriptionState.Subscribed }, tx, cancellationToken: ct));
        if (module is null)
        {
            return false;
        }

        await db.ExecuteAsync(new CommandDefinition(
            prune, new { orgId, module, expired = UnixMilliseconds.From(at - RecordDeletion.Retention) }, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM list_subscriptions WHERE org_id = @orgId AND record_id = @id;", new { orgId, id }, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM records WHERE org_id = @orgId AND {RecordKeys.AnyModule} AND id = @id;", new { orgId, id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<RecordDeletion>> DeletedSinceAsync(
        string orgId, RecordModule module, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct)
    {
        // Served by ix_record_deletions_module (migration 27).
        const string sql = """
            SELECT org_id AS OrgId, record_id AS RecordId, module AS Module, email AS Email, email_key AS EmailKey,
                email_opt_out AS EmailOptOut, list_ids AS ListIds, deleted_at AS DeletedAt
            FROM record_deletions
            WHERE org_id = @orgId AND module = @module
              AND (deleted_at > @since OR (@after IS NOT NULL AND deleted_at = @since AND record_id > @after))
            ORDER BY deleted_at, record_id LIMIT @limit;
            """;
        if (limit <= 0)
        {
            return [];
        }

        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<RecordDeletionRow> rows = await db.QueryAsync<RecordDeletionRow>(new CommandDefinition(
            sql, new { orgId, module = (long)module, since = UnixMilliseconds.From(since), after = afterRecordId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<RecipientRecord>> SearchAsync(RecordSearch search, CancellationToken ct)
    {
        var bag = new SqlParameterBag();
        bag.Set("@orgId", search.OrgId);
        bag.Set("@module", (long)search.Module);
        bag.Set("@limit", search.Limit);
        var sql = new StringBuilder($"SELECT {RecordRow.Columns} FROM records r WHERE r.org_id = @orgId AND r.module = @module");
        if (search.AfterId is not null)
        {
            bag.Set("@afterId", search.AfterId);
            sql.Append(" AND r.id > @afterId");
        }

        if (search.Filter is not null)
        {
            sql.Append(" AND ").Append(new FilterSql(bag, "@orgId").Translate(search.Filter));
        }

        sql.Append(" ORDER BY r.id LIMIT @limit;");
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<RecordRow> rows = await db.QueryAsync<RecordRow>(new CommandDefinition(sql.ToString(), bag.Parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> SetEmailOptOutAsync(string orgId, string id, bool optOut, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = $"UPDATE records SET email_opt_out = @optOut, updated_at = @at WHERE org_id = @orgId AND {RecordKeys.AnyModule} AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var parameters = new { orgId, id, optOut = optOut ? 1L : 0L, at = UnixMilliseconds.From(at) };
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<string>> FindExistingAsync(string orgId, RecordModule module, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // One JSON array parameter instead of one parameter per id (SQLite caps the parameter count).
        const string sql = """
            SELECT id FROM records
            WHERE org_id = @orgId AND module = @module AND id IN (SELECT value FROM json_each(@ids))
            ORDER BY id;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<string> found = await db.QueryAsync<string>(new CommandDefinition(
            sql, new { orgId, module = (long)module, ids = JsonSerializer.Serialize(ids) }, cancellationToken: ct));
        return [.. found];
    }

    public async Task<IReadOnlyList<RecipientRecord>> GetManyAsync(string orgId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        const string sql = $"""
            SELECT {RecordRow.Columns} FROM records r
            WHERE r.org_id = ?1 AND r.{RecordKeys.AnyModule} AND r.id IN (SELECT value FROM json_each(?2))
            ORDER BY r.id;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        using var query = new SqliteStatement(db, sql);
        query.Bind(1, orgId);
        query.Bind(2, JsonSerializer.Serialize(ids));
        var found = new List<RecipientRecord>(ids.Count);
        while (query.Step())
        {
            found.Add(RecordRow.Read(query));
        }

        return found;
    }
}
