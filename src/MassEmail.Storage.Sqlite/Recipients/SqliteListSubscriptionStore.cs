using System.Text.Json;
using Dapper;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>The <c>list_subscriptions</c> table: one state per record and list. Bulk calls pass the ids as one JSON array.</summary>
internal sealed class SqliteListSubscriptionStore(SqliteConnectionFactory connections) : IListSubscriptionStore
{
    public async Task<int> AddAsync(string orgId, string listId, IReadOnlyList<string> recordIds, string source, DateTimeOffset at, CancellationToken ct)
    {
        // An existing row (subscribed or unsubscribed) wins, so an unsubscription is never undone here.
        const string sql = """
            INSERT INTO list_subscriptions (org_id, list_id, record_id, state, source, at)
            SELECT @orgId, @listId, value, @state, @source, @at FROM json_each(@ids) WHERE true
            ON CONFLICT (org_id, list_id, record_id) DO NOTHING;
            """;
        if (recordIds.Count == 0)
        {
            return 0;
        }

        var parameters = new
        {
            orgId,
            listId,
            state = (long)SubscriptionState.Subscribed,
            source,
            at = UnixMilliseconds.From(at),
            ids = JsonSerializer.Serialize(recordIds),
        };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task<int> RemoveAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM list_subscriptions
            WHERE org_id = @orgId AND list_id = @listId AND state = @state AND record_id IN (SELECT value FROM json_each(@ids));
            """;
        if (recordIds.Count == 0)
        {
            return 0;
        }

        var parameters = new { orgId, listId, state = (long)SubscriptionState.Subscribed, ids = JsonSerializer.Serialize(recordIds) };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task SetAsync(ListSubscription subscription, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO list_subscriptions (org_id, list_id, record_id, state, source, at)
            VALUES (@OrgId, @ListId, @RecordId, @State, @Source, @At)
            ON CONFLICT (org_id, list_id, record_id) DO UPDATE SET state = excluded.state, source = excluded.source, at = excluded.at;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(sql, ListSubscriptionRow.From(subscription), cancellationToken: ct));
    }

    public async Task<ListSubscription?> GetAsync(string orgId, string listId, string recordId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {ListSubscriptionRow.Columns} FROM list_subscriptions
            WHERE org_id = @orgId AND list_id = @listId AND record_id = @recordId;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        ListSubscriptionRow? row = await db.QuerySingleOrDefaultAsync<ListSubscriptionRow>(
            new CommandDefinition(sql, new { orgId, listId, recordId }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<ListSubscription>> ListForRecordAsync(string orgId, string recordId, CancellationToken ct)
    {
        const string sql = $"SELECT {ListSubscriptionRow.Columns} FROM list_subscriptions WHERE org_id = @orgId AND record_id = @recordId ORDER BY list_id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<ListSubscriptionRow> rows = await db.QueryAsync<ListSubscriptionRow>(
            new CommandDefinition(sql, new { orgId, recordId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<ListSubscription>> GetManyAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {ListSubscriptionRow.Columns} FROM list_subscriptions
            WHERE org_id = @orgId AND list_id = @listId AND record_id IN (SELECT value FROM json_each(@ids));
            """;
        if (recordIds.Count == 0)
        {
            return [];
        }

        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<ListSubscriptionRow> rows = await db.QueryAsync<ListSubscriptionRow>(
            new CommandDefinition(sql, new { orgId, listId, ids = JsonSerializer.Serialize(recordIds) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<ListSubscription>> SubscribedSinceAsync(
        string orgId, string listId, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct)
    {
        // Served by ix_list_subscriptions_at (migration 21).
        const string sql = $"""
            SELECT {ListSubscriptionRow.Columns} FROM list_subscriptions
            WHERE org_id = @orgId AND list_id = @listId AND state = @state
              AND (at > @since OR (at = @since AND record_id > @after))
            ORDER BY at, record_id
            LIMIT @limit;
            """;
        var parameters = new
        {
            orgId,
            listId,
            state = (long)SubscriptionState.Subscribed,
            since = UnixMilliseconds.From(since),
            after = afterRecordId ?? "\uffff",
            limit,
        };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        IEnumerable<ListSubscriptionRow> rows = await db.QueryAsync<ListSubscriptionRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }
}
