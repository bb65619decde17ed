using System.Text.Json;
using Dapper;
using MassEmail.Core.Autoresponders;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Autoresponders;

/// <summary>
/// The <c>autoresponders</c> and <c>autoresponder_enrollments</c> tables: writes conditional on version; enrolments
/// unique per (autoresponder, record); runs claim and finish enrolments with single conditional statements.
/// </summary>
internal sealed class SqliteAutoresponderStore(SqliteConnectionFactory connections) : IAutoresponderStore
{
    private const string Active = "1";

    public async Task InsertAsync(Autoresponder autoresponder, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO autoresponders (org_id, id, module, name, trigger_kind, trigger_id, steps_json, window_json, active, activated_at,
                enroll_existing, enroll_cursor, created_by, version, created_at, updated_at)
            VALUES (@OrgId, @Id, @Module, @Name, @TriggerKind, @TriggerId, @StepsJson, @WindowJson, @Active, @ActivatedAt,
                @EnrollExisting, @EnrollCursor, @CreatedBy, @Version, @CreatedAt, @UpdatedAt);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            await db.ExecuteAsync(new CommandDefinition(sql, AutoresponderRow.From(autoresponder), cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("autoresponder", "id", autoresponder.Id);
        }
    }

    public async Task<Autoresponder?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {AutoresponderRow.Columns} FROM autoresponders WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<AutoresponderRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Autoresponder>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {AutoresponderRow.Columns} FROM autoresponders
            WHERE org_id = @orgId AND id > @afterId ORDER BY id LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<AutoresponderRow>(new CommandDefinition(sql, new { orgId, afterId = afterId ?? "", limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<Autoresponder>> ListActiveAsync(string? afterId, int limit, CancellationToken ct)
    {
        const string sql = $"SELECT {AutoresponderRow.Columns} FROM autoresponders WHERE active = {Active} AND id > @afterId ORDER BY id LIMIT @limit;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<AutoresponderRow>(new CommandDefinition(sql, new { afterId = afterId ?? "", limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Autoresponder autoresponder, long expectedVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE autoresponders
            SET name = @Name, trigger_kind = @TriggerKind, trigger_id = @TriggerId, steps_json = @StepsJson, window_json = @WindowJson,
                active = @Active, activated_at = @ActivatedAt, enroll_existing = @EnrollExisting, enroll_cursor = @EnrollCursor,
                version = @Version, updated_at = @UpdatedAt
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var parameters = new DynamicParameters(AutoresponderRow.From(autoresponder));
        parameters.Add("ExpectedVersion", expectedVersion);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        if (await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)) > 0)
        {
            return WriteOutcome.Done;
        }

        var exists = await db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM autoresponders WHERE org_id = @OrgId AND id = @Id);", new { autoresponder.OrgId, autoresponder.Id }, cancellationToken: ct));
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> SetCursorAsync(string orgId, string id, long version, DateTimeOffset cursor, CancellationToken ct)
    {
        const string sql = "UPDATE autoresponders SET enroll_cursor = @at WHERE org_id = @orgId AND id = @id AND version = @version;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id, version, at = UnixMilliseconds.From(cursor) }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        await using var write = await connections.BeginWriteAsync(ct);
        var deleted = await write.Db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM autoresponders WHERE org_id = @orgId AND id = @id;", new { orgId, id }, write.Tx, cancellationToken: ct));
        await write.Db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM autoresponder_enrollments WHERE org_id = @orgId AND autoresponder_id = @id;", new { orgId, id }, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return deleted > 0;
    }

    public async Task<int> EnrollAsync(IReadOnlyList<Enrollment> enrollments, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO autoresponder_enrollments (org_id, autoresponder_id, record_id, step, state, due_at, reason, run_id, claimed_at,
                last_send_id, enrolled_at, updated_at)
            VALUES (@OrgId, @AutoresponderId, @RecordId, @Step, @State, @DueAt, @Reason, @RunId, @ClaimedAt, @LastSendId, @EnrolledAt, @UpdatedAt)
            ON CONFLICT (org_id, autoresponder_id, record_id) DO NOTHING;
            """;
        if (enrollments.Count == 0)
        {
            return 0;
        }

        await using var write = await connections.BeginWriteAsync(ct);
        var inserted = 0;
        foreach (var e in enrollments)
        {
            inserted += await write.Db.ExecuteAsync(new CommandDefinition(sql, EnrollmentRow.From(e), write.Tx, cancellationToken: ct));
        }

        await write.CommitAsync(ct);
        return inserted;
    }

    public async Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(string orgId, string autoresponderId, string? afterRecordId, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {EnrollmentRow.Columns} FROM autoresponder_enrollments
            WHERE org_id = @orgId AND autoresponder_id = @autoresponderId AND record_id > @after ORDER BY record_id LIMIT @limit;
            """;
        return await QueryAsync(sql, new { orgId, autoresponderId, after = afterRecordId ?? "", limit }, ct);
    }

    public async Task<IReadOnlyList<Enrollment>> DueAsync(string orgId, string autoresponderId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {EnrollmentRow.Columns} FROM autoresponder_enrollments
            WHERE org_id = @orgId AND autoresponder_id = @autoresponderId AND state = 1 AND run_id = '' AND due_at <= @now
            ORDER BY due_at, record_id LIMIT @limit;
            """;
        return await QueryAsync(sql, new { orgId, autoresponderId, now = UnixMilliseconds.From(now), limit }, ct);
    }

    public async Task<int> ClaimAsync(
        string orgId, string autoresponderId, int step, IReadOnlyList<string> recordIds, string runId, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            UPDATE autoresponder_enrollments SET run_id = @runId, claimed_at = @now, updated_at = @now
            WHERE org_id = @orgId AND autoresponder_id = @autoresponderId AND state = 1 AND run_id = '' AND step = @step
              AND record_id IN (SELECT value FROM json_each(@ids));
            """;
        var parameters = new { orgId, autoresponderId, step, runId, now = UnixMilliseconds.From(now), ids = JsonSerializer.Serialize(recordIds) };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Enrollment>> ClaimedAsync(
        string orgId, string autoresponderId, string? runId, DateTimeOffset claimedBefore, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {EnrollmentRow.Columns} FROM autoresponder_enrollments
            WHERE org_id = @orgId AND autoresponder_id = @autoresponderId AND run_id <> ''
              AND (@runId IS NULL OR run_id = @runId) AND claimed_at < @before
            ORDER BY run_id, record_id LIMIT @limit;
            """;
        return await QueryAsync(sql, new { orgId, autoresponderId, runId, before = UnixMilliseconds.From(claimedBefore), limit }, ct);
    }

    public async Task<int> FinishAsync(
        string orgId, string autoresponderId, string runId, IReadOnlyList<string> recordIds, EnrollmentChange change, CancellationToken ct)
    {
        const string sql = """
            UPDATE autoresponder_enrollments
            SET step = @Step, state = @State, due_at = @DueAt, reason = @Reason, run_id = '', claimed_at = NULL,
                last_send_id = CASE WHEN @LastSendId = '' THEN last_send_id ELSE @LastSendId END, updated_at = @At
            WHERE org_id = @orgId AND autoresponder_id = @autoresponderId AND run_id = @runId AND run_id <> ''
              AND record_id IN (SELECT value FROM json_each(@ids));
            """;
        if (recordIds.Count == 0)
        {
            return 0;
        }

        var parameters = new
        {
            orgId,
            autoresponderId,
            runId,
            ids = JsonSerializer.Serialize(recordIds),
            change.Step,
            State = (long)change.State,
            DueAt = UnixMilliseconds.From(change.DueAt),
            change.Reason,
            change.LastSendId,
            At = UnixMilliseconds.From(change.At),
        };
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    private async Task<IReadOnlyList<Enrollment>> QueryAsync(string sql, object parameters, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<EnrollmentRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }
}
