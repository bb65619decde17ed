using System.Text.Json;
using Dapper;
using MassEmail.Core.Consent;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Sqlite.Recipients;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Consent;

/// <summary>
/// Consent changes in <c>consent_changes</c> (the history) and <c>consent_outbox</c> (pending for the plugin layer, in
/// <c>seq</c> order; a row is deleted when marked done). The change itself, its history row and its outbox row are one
/// write transaction: a kill at any line leaves all three or none.
/// </summary>
internal sealed class SqliteConsentStore(SqliteConnectionFactory connections) : IConsentStore
{
    private const string Columns =
        "c.id AS Id, c.org_id AS OrgId, c.record_id AS RecordId, c.list_id AS ListId, c.kind AS Kind, c.source AS Source, c.at AS At";

    public async Task<bool> ApplyAsync(ConsentChange change, CancellationToken ct)
    {
        const string optOut = $"UPDATE records SET email_opt_out = @optOut, updated_at = @At WHERE org_id = @OrgId AND {RecordKeys.AnyModule} AND id = @RecordId;";
        const string subscription = $"""
            INSERT INTO list_subscriptions (org_id, list_id, record_id, state, source, at)
            SELECT @OrgId, @ListId, @RecordId, @state, @Source, @At
            WHERE EXISTS (SELECT 1 FROM records WHERE org_id = @OrgId AND {RecordKeys.AnyModule} AND id = @RecordId)
            ON CONFLICT (org_id, list_id, record_id) DO UPDATE SET state = excluded.state, source = excluded.source, at = excluded.at;
            """;
        const string record = """
            INSERT INTO consent_changes (id, org_id, record_id, list_id, kind, source, at) VALUES (@Id, @OrgId, @RecordId, @ListId, @Kind, @Source, @At);
            INSERT INTO consent_outbox (change_id) VALUES (@Id);
            """;
        var row = new
        {
            change.Id,
            change.OrgId,
            change.RecordId,
            change.ListId,
            Kind = (long)change.Kind,
            change.Source,
            At = UnixMilliseconds.From(change.At),
            optOut = change.Kind == ConsentKind.OptedOut ? 1L : 0L,
            state = (long)(change.Kind == ConsentKind.Subscribed ? SubscriptionState.Subscribed : SubscriptionState.Unsubscribed),
        };
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var changed = await write.Db.ExecuteAsync(new CommandDefinition(change.IsOptOut ? optOut : subscription, row, write.Tx, cancellationToken: ct));
        if (changed == 0)
        {
            return false;
        }

        await write.Db.ExecuteAsync(new CommandDefinition(record, row, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<ConsentChange>> HistoryAsync(string orgId, string recordId, int limit, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM consent_changes c WHERE c.org_id = @orgId AND c.record_id = @recordId ORDER BY c.id DESC LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(sql, new { orgId, recordId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<ConsentChange>> ReadPendingAsync(int limit, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM consent_outbox o JOIN consent_changes c ON c.id = o.change_id ORDER BY o.seq LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(sql, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task MarkDoneAsync(IReadOnlyList<string> changeIds, CancellationToken ct)
    {
        if (changeIds.Count == 0)
        {
            return;
        }

        await using SqliteConnection db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM consent_outbox WHERE change_id IN (SELECT value FROM json_each(@ids));",
            new { ids = JsonSerializer.Serialize(changeIds) },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<PendingConsentChange>> ClaimPendingAsync(
        string holder, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        // One write transaction: instances on one file take disjoint changes.
        const string claim = """
            UPDATE consent_outbox SET holder = @holder, next_at = @leaseUntil
            WHERE seq IN (SELECT seq FROM consent_outbox WHERE next_at IS NULL OR next_at <= @now ORDER BY seq LIMIT @limit)
            RETURNING seq AS Seq, change_id AS ChangeId, done_targets AS DoneTargets;
            """;
        const string read = $"SELECT {Columns} FROM consent_changes c WHERE c.id IN (SELECT value FROM json_each(@ids));";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var claimed = (await write.Db.QueryAsync<ClaimRow>(new CommandDefinition(
            claim, new { holder, limit, now = UnixMilliseconds.From(now), leaseUntil = UnixMilliseconds.From(leaseUntil) }, write.Tx, cancellationToken: ct)))
            .OrderBy(r => r.Seq).ToList();
        var changes = (await write.Db.QueryAsync<Row>(new CommandDefinition(
            read, new { ids = JsonSerializer.Serialize(claimed.Select(r => r.ChangeId)) }, write.Tx, cancellationToken: ct)))
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        await write.CommitAsync(ct);
        return [.. claimed.Where(r => changes.ContainsKey(r.ChangeId)).Select(r => new PendingConsentChange(
            changes[r.ChangeId].ToDomain(), r.DoneTargets is null ? [] : JsonSerializer.Deserialize<List<string>>(r.DoneTargets) ?? []))];
    }

    public async Task<bool> DeferAsync(string changeId, string holder, DateTimeOffset retryAt, IReadOnlyList<string> doneTargets, CancellationToken ct)
    {
        const string sql = "UPDATE consent_outbox SET holder = NULL, next_at = @retryAt, done_targets = @done WHERE change_id = @changeId AND holder = @holder;";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var changed = await write.Db.ExecuteAsync(new CommandDefinition(
            sql, new { changeId, holder, retryAt = UnixMilliseconds.From(retryAt), done = JsonSerializer.Serialize(doneTargets) }, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return changed > 0;
    }

    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM consent_outbox;", cancellationToken: ct));
    }

    private sealed class ClaimRow
    {
        public long Seq { get; set; }

        public string ChangeId { get; set; } = "";

        public string? DoneTargets { get; set; }
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";

        public string OrgId { get; set; } = "";

        public string RecordId { get; set; } = "";

        public string? ListId { get; set; }

        public long Kind { get; set; }

        public string Source { get; set; } = "";

        public long At { get; set; }

        public ConsentChange ToDomain() => new(Id, OrgId, RecordId, ListId, (ConsentKind)Kind, Source, UnixMilliseconds.ToTime(At));
    }
}
