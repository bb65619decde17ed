using Dapper;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>The <c>mass_sends</c> table: idempotency by a unique (organisation, key), version-checked writes, snapshot leases.</summary>
internal sealed class SqliteMassSendStore(SqliteConnectionFactory connections) : IMassSendStore
{
    private const string Select = $"SELECT {MassSendRow.Columns} FROM mass_sends";

    public async Task<MassSend> InsertOrGetAsync(MassSend send, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(MassSendRow.Insert, MassSendRow.From(send), cancellationToken: ct));
            return send;
        }
        catch (SqliteException e) when (SqliteErrors.IsUniqueIndexViolation(e))
        {
            return await GetByIdempotencyKeyAsync(send.OrgId, send.IdempotencyKey, ct)
                ?? throw new InvalidOperationException("A send with this idempotency key vanished while being read.");
        }
    }

    public Task<MassSend?> GetAsync(string orgId, string id, CancellationToken ct) =>
        SingleAsync($"{Select} WHERE org_id = @orgId AND id = @id;", new { orgId, id }, ct);

    public Task<MassSend?> GetByIdempotencyKeyAsync(string orgId, string idempotencyKey, CancellationToken ct) =>
        SingleAsync($"{Select} WHERE org_id = @orgId AND idempotency_key = @idempotencyKey;", new { orgId, idempotencyKey }, ct);

    public async Task<IReadOnlyList<MassSend>> ListAsync(string orgId, SendState? state, string? beforeId, int limit, CancellationToken ct)
    {
        if (!MassEmail.Core.Ids.IsWellFormed(orgId) || (beforeId is not null && !MassEmail.Core.Ids.IsWellFormed(beforeId)))
        {
            return [];
        }

        var sql = $"{Select} WHERE org_id = @orgId"
            + (state is null ? "" : " AND state = @state")
            + (beforeId is null ? "" : " AND id < @beforeId")
            + " ORDER BY id DESC LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<MassSendRow>(new CommandDefinition(sql, new { orgId, state = (long?)state, beforeId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(MassSend send, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE mass_sends SET module = @Module, template_id = @TemplateId, template_version = @TemplateVersion,
                from_choice = @FromChoice, reply_to_choice = @ReplyToChoice, created_by = @CreatedBy, content_json = @ContentJson,
                audience_json = @AudienceJson, idempotency_key = @IdempotencyKey, state = @State, pause_reason = @PauseReason,
                reserved = @Reserved, quota_day = @QuotaDay, version = @Version, created_at = @CreatedAt, updated_at = @UpdatedAt,
                snapshot_complete = @SnapshotComplete, snapshot_owner = @SnapshotOwner, snapshot_lease_until = @SnapshotLeaseUntil,
                request_fingerprint = @RequestFingerprint, quota_settled = @QuotaSettled, snapshot_error = @SnapshotError,
                batch_error = @BatchError
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var row = MassSendRow.From(send);
        var parameters = new DynamicParameters(row);
        parameters.Add("ExpectedVersion", expectedVersion);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var changed = await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        if (changed == 1)
        {
            return WriteOutcome.Done;
        }

        var exists = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM mass_sends WHERE org_id = @OrgId AND id = @Id;", new { row.OrgId, row.Id }, cancellationToken: ct));
        return exists == 0 ? WriteOutcome.NotFound : WriteOutcome.VersionMismatch;
    }

    public async Task<MassSend?> ClaimSnapshotAsync(string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        // One statement: SQLite runs it under its write lock, so two workers never claim the same send.
        var sql = $"""
            UPDATE mass_sends SET snapshot_owner = @worker, snapshot_lease_until = @leaseUntil, version = version + 1
            WHERE id = (SELECT id FROM mass_sends
                        WHERE state IN ({(int)SendState.Queued}, {(int)SendState.Sending}) AND snapshot_complete = 0
                          AND (snapshot_lease_until IS NULL OR snapshot_lease_until < @now)
                        ORDER BY id LIMIT 1)
            RETURNING {MassSendRow.Columns};
            """;
        return await SingleAsync(sql, new { worker, leaseUntil = UnixMilliseconds.From(leaseUntil), now = UnixMilliseconds.From(now) }, ct);
    }

    public async Task<IReadOnlyList<MassSend>> ListSendingAsync(int limit, CancellationToken ct)
    {
        var sql = $"{Select} WHERE state = {(int)SendState.Sending} ORDER BY id LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<MassSendRow>(new CommandDefinition(sql, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<MassSend>> ListPausedAsync(string reasonPrefix, int limit, CancellationToken ct)
    {
        // substr compares exactly, where LIKE would fold case and read '%' and '_' in the prefix as wildcards.
        var sql = $"{Select} WHERE state = {(int)SendState.Paused} AND substr(pause_reason, 1, @length) = @reasonPrefix ORDER BY id LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<MassSendRow>(new CommandDefinition(sql, new { reasonPrefix, length = reasonPrefix.Length, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<MassSend>> ListUnsettledAsync(int limit, CancellationToken ct)
    {
        // The terms of the partial index ix_mass_sends_unsettled, so that it serves the query.
        var sql = $"{Select} WHERE quota_settled = 0 AND state IN (4, 5) ORDER BY id LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<MassSendRow>(new CommandDefinition(sql, new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    private async Task<MassSend?> SingleAsync(string sql, object parameters, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<MassSendRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return row?.ToDomain();
    }
}
