using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Use cases of sync definitions (issue 14): create, get, list per connection, update at an expected version, delete,
/// and the stored status. Every call needs <see cref="Permission.PluginsAdmin"/>; another organisation's definitions
/// and connections are not found. A definition is checked whole before it is stored: its fields (<see
/// cref="SyncFieldRules"/>), its schedule (the schedules engine's own <see cref="ScheduleRules.CheckTiming"/>), its
/// source (resolved as a mass send's audience would be) and its target list (asked of the vendor). A definition is
/// stored with its first run time (its schedule's first occurrence); <see cref="SyncRunner"/> runs it then, and
/// whenever <see cref="SyncNowAsync"/> asks.
/// </summary>
public sealed class SyncDefinitionService(
    ISyncDefinitionStore store,
    ConnectionService connections,
    AudienceService audiences,
    RecordService records,
    IScheduleCalendar calendar,
    TimeProvider time,
    ILogger<SyncDefinitionService> logger)
{
    private const string Resource = "sync definition";

    public async Task<SyncDefinition> CreateAsync(Caller caller, string connectionId, string name, SyncSettings settings, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        var connection = await connections.GetAsync(caller, connectionId, ct);
        settings = await CheckAsync(caller, connection.Vendor, name, settings, null, ct);
        await RequireRemoteListAsync(caller, connectionId, settings.RemoteListId, ct);
        var now = time.GetUtcNowMs();
        var definition = new SyncDefinition(Ids.New(time), caller.OrgId, connectionId, name.Trim(), settings, SyncStatus.Initial, caller.UserId, now, now, 1,
            FirstRun(settings.Schedule));
        await store.InsertAsync(definition, ct);

        // A connection deleted meanwhile (DeleteConnection refuses only the definitions it saw) takes this one with it.
        if (await connections.FindAsync(caller.OrgId, connectionId, ct) is null)
        {
            await store.DeleteAsync(caller.OrgId, definition.Id, ct);
            throw new NotFoundException("connection", connectionId);
        }

        logger.LogInformation("Sync definition {SyncDefinitionId} of connection {ConnectionId} created in organisation {OrgId}", definition.Id, connectionId, caller.OrgId);
        return definition;
    }

    public async Task<SyncDefinition> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        var definition = await store.GetAsync(caller.OrgId, id, ct);

        // A definition whose connection is gone (a process killed between the two deletes) is gone with it.
        return definition is not null && await connections.FindAsync(caller.OrgId, definition.ConnectionId, ct) is not null
            ? definition
            : throw new NotFoundException(Resource, id);
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListAsync(Caller caller, string connectionId, CancellationToken ct)
    {
        await connections.GetAsync(caller, connectionId, ct);
        return await store.ListAsync(caller.OrgId, connectionId, ct);
    }

    /// <summary>Replaces name and settings; <see cref="VersionConflictException"/> unless <paramref name="expectedVersion"/> is the stored one.</summary>
    public async Task<SyncDefinition> UpdateAsync(Caller caller, string id, string name, SyncSettings settings, long expectedVersion, CancellationToken ct)
    {
        var stored = await GetAsync(caller, id, ct);
        if (stored.Version != expectedVersion)
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        var connection = await connections.GetAsync(caller, stored.ConnectionId, ct);
        settings = await CheckAsync(caller, connection.Vendor, name, settings, stored.Settings.Schedule, ct);
        await RequireRemoteListAsync(caller, stored.ConnectionId, settings.RemoteListId, ct);
        // A changed schedule takes effect at once, unless a run is going on: it computes the next time when it ends.
        var rescheduled = !SyncSettings.SameSchedule(stored.Settings.Schedule, settings.Schedule) && stored.Status.State != SyncState.InProgress;
        var updated = stored with
        {
            Name = name.Trim(),
            Settings = settings,
            UpdatedAt = time.GetUtcNowMs(),
            Version = expectedVersion + 1,
            NextRunAt = rescheduled ? FirstRun(settings.Schedule) : null,
        };
        if (!await store.UpdateAsync(updated, expectedVersion, ct))
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        logger.LogInformation("Sync definition {SyncDefinitionId} updated to version {Version} in organisation {OrgId}", id, updated.Version, caller.OrgId);
        return updated;
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        if (!await store.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }

        logger.LogInformation("Sync definition {SyncDefinitionId} deleted in organisation {OrgId}", id, caller.OrgId);
    }

    /// <summary>
    /// Asks for a run as soon as a worker is free (every record of the source again when <paramref name="fullResync"/>);
    /// the definition as stored then.
    /// </summary>
    public async Task<SyncDefinition> SyncNowAsync(Caller caller, string id, bool fullResync, CancellationToken ct)
    {
        await GetAsync(caller, id, ct);
        if (!await store.RequestRunAsync(caller.OrgId, id, fullResync, time.GetUtcNowMs(), ct))
        {
            throw new NotFoundException(Resource, id);
        }

        logger.LogInformation("Sync definition {SyncDefinitionId} asked to run now (full resync: {Full}) in organisation {OrgId}", id, fullResync, caller.OrgId);
        return await GetAsync(caller, id, ct);
    }

    /// <summary>The schedule's first occurrence from now; null when it has none left.</summary>
    private DateTimeOffset? FirstRun(ScheduleTiming timing) =>
        calendar.OccurrencesAfter(timing, time.GetUtcNow()).Select(o => (DateTimeOffset?)o).FirstOrDefault();

    /// <summary>Every rule at once (one <see cref="ValidationException"/>), then the source as an audience; the settings with the default mapping filled in.</summary>
    private async Task<SyncSettings> CheckAsync(Caller caller, string vendor, string name, SyncSettings settings, ScheduleTiming? storedSchedule, CancellationToken ct)
    {
        List<FieldViolation> violations = [];
        TemplateValidator.CheckName(name, "name", violations);
        if (settings.Module is not (RecordModule.Candidates or RecordModule.Contacts))
        {
            violations.Add(new("module", "must be CANDIDATES or CONTACTS"));
        }

        if (settings.RemoteListId.Length is 0 or > SyncFieldRules.MaxRemoteListIdLength)
        {
            violations.Add(new("remote_list_id", $"1 to {SyncFieldRules.MaxRemoteListIdLength} characters are required"));
        }

        if (!Enum.IsDefined(settings.OnRecordDeleted))
        {
            violations.Add(new("on_record_deleted", "must be REMOVE_FROM_LIST or LEAVE"));
        }

        var fields = settings.Fields.Count == 0 ? connections.DefaultFields(vendor) : settings.Fields;
        if (settings.Module is RecordModule.Candidates or RecordModule.Contacts)
        {
            var catalog = await records.CatalogAsync(caller.OrgId, settings.Module, ct);
            SyncFieldRules.Check(fields, catalog.Custom, violations);
        }

        try
        {
            ScheduleRules.CheckTiming(calendar, settings.Schedule, storedSchedule, time.GetUtcNow(), [.. violations]);
        }
        catch (ValidationException e)
        {
            throw new ValidationException([.. e.Violations.Select(v => v.Field is "name" or "module" or "remote_list_id" or "on_record_deleted" || v.Field.StartsWith("fields", StringComparison.Ordinal)
                ? v
                : v with { Field = ScheduleField(v.Field) })]);
        }

        // Violations name the source's own field (view_id, criteria…, list_id), as the request's oneof does.
        await audiences.ResolveAsync(caller, settings.Module, settings.Source.ToAudience(), ct);

        return settings with { Fields = fields };
    }

    /// <summary>The schedules engine's field names as the sync schedule's: <c>recurrence.weekly.days</c> is <c>schedule.weekly.days</c>.</summary>
    private static string ScheduleField(string field) => field switch
    {
        "recurrence" => "schedule",
        _ when field.StartsWith("recurrence.", StringComparison.Ordinal) => "schedule." + field["recurrence.".Length..],
        _ => "schedule." + field,
    };

    private async Task RequireRemoteListAsync(Caller caller, string connectionId, string remoteListId, CancellationToken ct)
    {
        var lists = await connections.ListRemoteListsAsync(caller, connectionId, ct);
        if (!lists.Any(l => string.Equals(l.Id, remoteListId, StringComparison.Ordinal)))
        {
            throw new PreconditionFailedException("REMOTE_LIST_NOT_FOUND", "sync_definition.remote_list_id",
                $"The connected account has no list {InputText.Quote(remoteListId)}: ListRemoteLists names the {lists.Count} it has.");
        }
    }
}
