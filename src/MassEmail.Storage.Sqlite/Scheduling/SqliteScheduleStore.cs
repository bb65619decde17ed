using Dapper;
using MassEmail.Core.Errors;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Templates;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Scheduling;

/// <summary>
/// The <c>schedules</c> and <c>schedule_occurrences</c> tables. Every schedule write moves <c>schedule_marker</c> in
/// the same transaction; an occurrence is claimed by inserting it under its primary key.
/// </summary>
internal sealed class SqliteScheduleStore(SqliteConnectionFactory connections) : IScheduleStore
{
    private const string BumpMarker = "UPDATE schedule_marker SET value = value + 1 WHERE id = 1;";

    public async Task<long> SlotVersionAsync(string orgId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT version FROM schedule_slot_versions WHERE org_id = @orgId;", new { orgId }, cancellationToken: ct)) ?? 0;
    }

    public async Task<bool> InsertAsync(Schedule schedule, long slotVersion, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO schedules (org_id, id, name, module, view_id, template_id, from_choice, reply_to_choice, active, start_local, time_zone,
                                   recurrence_json, created_by, version, created_at, updated_at, next_fire_at, wait_for_quota_day)
            VALUES (@OrgId, @Id, @Name, @Module, @ViewId, @TemplateId, @FromChoice, @ReplyToChoice, @Active, @StartLocal, @TimeZone,
                    @RecurrenceJson, @CreatedBy, @Version, @CreatedAt, @UpdatedAt, @NextFireAt, @WaitForQuotaDay);
            """;
        await using var write = await connections.BeginWriteAsync(ct);
        if (!await MoveSlotAsync(write, schedule.OrgId, slotVersion, ct))
        {
            return false;
        }

        try
        {
            await write.Db.ExecuteAsync(new CommandDefinition(sql + BumpMarker, ScheduleRow.From(schedule), write.Tx, cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsPrimaryKeyViolation(e))
        {
            throw new AlreadyExistsException("schedule", "id", schedule.Id);
        }

        await write.CommitAsync(ct);
        return true;
    }

    public async Task<Schedule?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        const string sql = $"SELECT {ScheduleRow.Columns} FROM schedules WHERE org_id = @orgId AND id = @id;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(sql, new { orgId, id }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public async Task<IReadOnlyList<Schedule>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {ScheduleRow.Columns} FROM schedules
            WHERE org_id = @orgId AND (@afterId IS NULL OR id > @afterId) ORDER BY id LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<ScheduleRow>(new CommandDefinition(sql, new { orgId, afterId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<WriteOutcome?> ReplaceAsync(Schedule schedule, long expectedVersion, long slotVersion, CancellationToken ct)
    {
        const string sql = """
            UPDATE schedules
            SET name = @Name, view_id = @ViewId, template_id = @TemplateId, from_choice = @FromChoice, reply_to_choice = @ReplyToChoice,
                active = @Active, start_local = @StartLocal, time_zone = @TimeZone, recurrence_json = @RecurrenceJson, version = @Version,
                updated_at = @UpdatedAt, next_fire_at = @NextFireAt, wait_for_quota_day = @WaitForQuotaDay
            WHERE org_id = @OrgId AND id = @Id AND version = @ExpectedVersion;
            """;
        var parameters = new DynamicParameters(ScheduleRow.From(schedule));
        parameters.Add("ExpectedVersion", expectedVersion);
        await using var write = await connections.BeginWriteAsync(ct);
        if (!await MoveSlotAsync(write, schedule.OrgId, slotVersion, ct))
        {
            return null;
        }

        if (await write.Db.ExecuteAsync(new CommandDefinition(sql, parameters, write.Tx, cancellationToken: ct)) > 0)
        {
            await write.Db.ExecuteAsync(new CommandDefinition(BumpMarker, transaction: write.Tx, cancellationToken: ct));
            await write.CommitAsync(ct);
            return WriteOutcome.Done;
        }

        return await ExistsAsync(write, schedule.OrgId, schedule.Id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct)
    {
        const string sql = "DELETE FROM schedules WHERE org_id = @orgId AND id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion);";
        await using var write = await connections.BeginWriteAsync(ct);
        if (await write.Db.ExecuteAsync(new CommandDefinition(sql, new { orgId, id, expectedVersion }, write.Tx, cancellationToken: ct)) > 0)
        {
            await write.Db.ExecuteAsync(new CommandDefinition(BumpMarker, transaction: write.Tx, cancellationToken: ct));
            await write.CommitAsync(ct);
            return WriteOutcome.Done;
        }

        return await ExistsAsync(write, orgId, id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<IReadOnlyList<Schedule>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {ScheduleRow.Columns} FROM schedules
            WHERE active = 1 AND next_fire_at IS NOT NULL AND next_fire_at <= @now ORDER BY next_fire_at LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<ScheduleRow>(new CommandDefinition(sql, new { now = UnixMilliseconds.From(now), limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<DateTimeOffset?> NextFireAsync(CancellationToken ct)
    {
        const string sql = "SELECT MIN(next_fire_at) FROM schedules WHERE active = 1 AND next_fire_at IS NOT NULL;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return UnixMilliseconds.ToTime(await db.ExecuteScalarAsync<long?>(new CommandDefinition(sql, cancellationToken: ct)));
    }

    public async Task<bool> AdvanceAsync(string orgId, string id, DateTimeOffset expected, DateTimeOffset? next, CancellationToken ct)
    {
        const string sql = "UPDATE schedules SET next_fire_at = @next WHERE org_id = @orgId AND id = @id AND next_fire_at = @expected;";
        await using var write = await connections.BeginWriteAsync(ct);
        var changed = await write.Db.ExecuteAsync(new CommandDefinition(
            sql, new { orgId, id, expected = UnixMilliseconds.From(expected), next = UnixMilliseconds.From(next) }, write.Tx, cancellationToken: ct)) > 0;
        await write.CommitAsync(ct);
        return changed;
    }

    public async Task<long> ChangeMarkerAsync(CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition("SELECT value FROM schedule_marker WHERE id = 1;", cancellationToken: ct));
    }

    public async Task<ClaimResult> ClaimAsync(Occurrence occurrence, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO schedule_occurrences (org_id, schedule_id, local_time, fire_at, state, send_id, reason, holder, lease_until, recorded_at)
            VALUES (@OrgId, @ScheduleId, @LocalTime, @FireAt, @State, @SendId, @Reason, @Holder, @LeaseUntil, @RecordedAt)
            ON CONFLICT DO NOTHING;
            """;
        const string takeOver = """
            UPDATE schedule_occurrences SET state = @State, send_id = @SendId, reason = @Reason, holder = @Holder, lease_until = @LeaseUntil,
                recorded_at = @RecordedAt
            WHERE org_id = @OrgId AND schedule_id = @ScheduleId AND local_time = @LocalTime
              AND ((state = 1 AND lease_until < @RecordedAt) OR (state = 5 AND @State = 1 AND lease_until <= @RecordedAt));
            """;
        var row = OccurrenceRow.From(occurrence);
        await using var write = await connections.BeginWriteAsync(ct);
        var result = ClaimResult.Won;
        if (await write.Db.ExecuteAsync(new CommandDefinition(insert, row, write.Tx, cancellationToken: ct)) == 0
            && await write.Db.ExecuteAsync(new CommandDefinition(takeOver, row, write.Tx, cancellationToken: ct)) == 0)
        {
            var state = await write.Db.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT state FROM schedule_occurrences WHERE org_id = @OrgId AND schedule_id = @ScheduleId AND local_time = @LocalTime;", row, write.Tx, cancellationToken: ct));
            result = state is (long)OccurrenceState.Claimed or (long)OccurrenceState.Waiting ? ClaimResult.Busy : ClaimResult.Done;
        }

        await write.CommitAsync(ct);
        return result;
    }

    public async Task<bool> CompleteAsync(Occurrence outcome, CancellationToken ct)
    {
        const string sql = """
            UPDATE schedule_occurrences SET state = @State, send_id = @SendId, reason = @Reason, recorded_at = @RecordedAt, lease_until = @LeaseUntil
            WHERE org_id = @OrgId AND schedule_id = @ScheduleId AND local_time = @LocalTime AND state = 1 AND holder = @Holder;
            """;
        await using var write = await connections.BeginWriteAsync(ct);
        var done = await write.Db.ExecuteAsync(new CommandDefinition(sql, OccurrenceRow.From(outcome), write.Tx, cancellationToken: ct)) > 0;
        await write.CommitAsync(ct);
        return done;
    }

    public async Task<IReadOnlyList<Occurrence>> ListOccurrencesAsync(string orgId, string scheduleId, DateTimeOffset? beforeFireAt, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {OccurrenceRow.Columns} FROM schedule_occurrences
            WHERE org_id = @orgId AND schedule_id = @scheduleId AND (@before IS NULL OR fire_at < @before) ORDER BY fire_at DESC LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<OccurrenceRow>(new CommandDefinition(
            sql, new { orgId, scheduleId, before = UnixMilliseconds.From(beforeFireAt), limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<Occurrence>> WaitingAsync(string? orgId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {OccurrenceRow.Columns} FROM schedule_occurrences
            WHERE ((state = 5 AND lease_until <= @now) OR (state = 1 AND lease_until < @now)) AND (@orgId IS NULL OR org_id = @orgId)
            ORDER BY fire_at, schedule_id LIMIT @limit;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<OccurrenceRow>(new CommandDefinition(sql, new { orgId, now = UnixMilliseconds.From(now), limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<bool> TakeRunSlotAsync(string orgId, string scheduleId, string localTime, int slots, DateTimeOffset now, CancellationToken ct)
    {
        const string held = "UPDATE schedule_run_slots SET taken_at = @takenAt WHERE org_id = @orgId AND schedule_id = @scheduleId AND local_time = @localTime;";
        const string take = """
            INSERT INTO schedule_run_slots (org_id, slot, schedule_id, local_time, taken_at) VALUES (@orgId, @slot, @scheduleId, @localTime, @takenAt)
            ON CONFLICT DO NOTHING;
            """;
        var takenAt = UnixMilliseconds.From(now);
        await using var write = await connections.BeginWriteAsync(ct);
        var holds = await write.Db.ExecuteAsync(new CommandDefinition(held, new { orgId, scheduleId, localTime, takenAt }, write.Tx, cancellationToken: ct)) > 0;
        for (var slot = 0; !holds && slot < slots; slot++)
        {
            holds = await write.Db.ExecuteAsync(new CommandDefinition(take, new { orgId, slot, scheduleId, localTime, takenAt }, write.Tx, cancellationToken: ct)) > 0;
        }

        await write.CommitAsync(ct);
        return holds;
    }

    public async Task<IReadOnlyList<RunSlot>> RunSlotsAsync(string orgId, CancellationToken ct)
    {
        const string sql = "SELECT slot, schedule_id, local_time, taken_at FROM schedule_run_slots WHERE org_id = @orgId ORDER BY slot;";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long Slot, string ScheduleId, string LocalTime, long TakenAt)>(new CommandDefinition(sql, new { orgId }, cancellationToken: ct));
        return [.. rows.Select(r => new RunSlot(orgId, (int)r.Slot, r.ScheduleId, r.LocalTime, UnixMilliseconds.ToTime(r.TakenAt)))];
    }

    public async Task<bool> ReleaseRunSlotAsync(RunSlot slot, CancellationToken ct)
    {
        const string sql = "DELETE FROM schedule_run_slots WHERE org_id = @OrgId AND slot = @Index AND schedule_id = @ScheduleId AND local_time = @LocalTime;";
        await using var write = await connections.BeginWriteAsync(ct);
        var released = await write.Db.ExecuteAsync(new CommandDefinition(
            sql, new { slot.OrgId, slot.Index, slot.ScheduleId, slot.LocalTime }, write.Tx, cancellationToken: ct)) > 0;
        await write.CommitAsync(ct);
        return released;
    }

    /// <summary>Moves the organisation's slot version on from <paramref name="expected"/> inside the caller's write; false when it is elsewhere.</summary>
    private static async Task<bool> MoveSlotAsync(SqliteWrite write, string orgId, long expected, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO schedule_slot_versions (org_id, version) SELECT @orgId, 1 WHERE @expected = 0 ON CONFLICT DO NOTHING;
            UPDATE schedule_slot_versions SET version = version + 1 WHERE org_id = @orgId AND version = @expected AND @expected > 0;
            """;
        return await write.Db.ExecuteAsync(new CommandDefinition(sql, new { orgId, expected }, write.Tx, cancellationToken: ct)) > 0;
    }

    private static Task<bool> ExistsAsync(SqliteWrite write, string orgId, string id, CancellationToken ct) =>
        write.Db.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM schedules WHERE org_id = @orgId AND id = @id);", new { orgId, id }, write.Tx, cancellationToken: ct));
}
