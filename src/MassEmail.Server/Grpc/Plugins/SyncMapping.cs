using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Server.Grpc.Recipients;
using MassEmail.Server.Grpc.Scheduling;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Plugins;

/// <summary>Sync definitions between the contract and Core; shape errors are collected under <c>sync_definition.</c>.</summary>
internal static class SyncMapping
{
    private const string Prefix = "sync_definition.";

    public static SyncSettings ToSettings(this V1.SyncDefinition d, RequestCheck check)
    {
        var source = d.SourceCase switch
        {
            V1.SyncDefinition.SourceOneofCase.ViewId => Source(SyncSourceKind.View, d.ViewId, "view_id", check),
            V1.SyncDefinition.SourceOneofCase.ListId => Source(SyncSourceKind.List, d.ListId, "list_id", check),
            V1.SyncDefinition.SourceOneofCase.Criteria => new SyncSource(SyncSourceKind.Criteria, CriteriaJson.Serialize(d.Criteria.ToCore(Prefix + "criteria", check))),
            _ => Invalid(check, "source", "a view_id, criteria or a list_id is required"),
        };
        var onDeleted = d.OnRecordDeleted switch
        {
            V1.RecordDeletedAction.Unspecified or V1.RecordDeletedAction.RemoveFromList => RecordDeletedAction.RemoveFromList,
            V1.RecordDeletedAction.Leave => RecordDeletedAction.Leave,
            _ => (RecordDeletedAction)(int)d.OnRecordDeleted,
        };
        return new SyncSettings(
            (Core.Recipients.RecordModule)(int)d.Module,
            source,
            d.RemoteListId,
            [.. d.Fields.Select(f => new SyncFieldMapping(f.LocalField, f.RemoteField))],
            !d.HasExcludeEmailOptOuts || d.ExcludeEmailOptOuts,
            onDeleted,
            ToTiming(d.Schedule, check),
            d.Continuous);
    }

    public static V1.SyncDefinition ToMessage(this SyncDefinition d)
    {
        var s = d.Settings;
        var message = new V1.SyncDefinition
        {
            Id = d.Id,
            ConnectionId = d.ConnectionId,
            Name = d.Name,
            Module = s.Module.ToMessage(),
            RemoteListId = s.RemoteListId,
            Fields = { s.Fields.Select(f => new V1.SyncFieldMapping { LocalField = f.LocalField, RemoteField = f.RemoteField }) },
            ExcludeEmailOptOuts = s.ExcludeEmailOptOuts,
            OnRecordDeleted = (V1.RecordDeletedAction)(int)s.OnRecordDeleted,
            Schedule = ToMessage(s.Schedule),
            Continuous = s.Continuous,
            Version = d.Version,
            CreatedByUserId = d.CreatedByUserId,
            CreateTime = Timestamp.FromDateTimeOffset(d.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(d.UpdatedAt),
        };
        switch (s.Source.Kind)
        {
            case SyncSourceKind.View:
                message.ViewId = s.Source.Value;
                break;
            case SyncSourceKind.List:
                message.ListId = s.Source.Value;
                break;
            default:
                message.Criteria = CriteriaJson.Deserialize(s.Source.Value).ToMessage();
                break;
        }

        return message;
    }

    /// <summary>A definition's status with its next run time.</summary>
    public static V1.SyncStatus ToStatusMessage(this SyncDefinition d)
    {
        var s = d.Status;
        var message = new V1.SyncStatus
        {
            State = (V1.SyncState)(int)s.State,
            LastSuccessTime = ToTimestamp(s.LastSuccessAt),
            LastFailureTime = ToTimestamp(s.LastFailureAt),
            LastFailureMessage = s.LastFailureMessage,
            FailedContacts = s.FailedContacts,
            NextRunTime = ToTimestamp(d.NextRunAt),
            RunStartTime = ToTimestamp(s.RunStartedAt),
            SyncedContacts = s.SyncedContacts,
            RemovedContacts = s.RemovedContacts,
            ConfirmationRequests = s.ConfirmationRequests,
            WaitingUntil = ToTimestamp(s.WaitingUntil),
            Full = s.Full,
        };
        message.Failures.AddRange(s.FailureList.Select(f => new V1.SyncContactFailure { RecordId = f.RecordId, Email = f.Email, Reason = f.Reason, Detail = f.Detail }));
        return message;
    }

    private static Timestamp? ToTimestamp(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    private static ScheduleTiming ToTiming(V1.SyncSchedule? s, RequestCheck check)
    {
        if (s is null)
        {
            check.Violation(Prefix + "schedule", "is required: once at a start, or daily, weekly or monthly from it");
            return new ScheduleTiming(default, "", null);
        }

        var start = ScheduleMapping.ToLocal(s.Start, check, Prefix + "schedule.start");
        Recurrence? repeat = s.RepeatCase switch
        {
            V1.SyncSchedule.RepeatOneofCase.Daily => new Recurrence(RecurrenceKind.Daily, 0, 0, "", null, 0),
            V1.SyncSchedule.RepeatOneofCase.Weekly => new Recurrence(
                RecurrenceKind.Weekly, WeekdayMapping.ToBits(s.Weekly.Days, check, Prefix + "schedule.weekly.days"), 0, "", null, 0),
            V1.SyncSchedule.RepeatOneofCase.Monthly => new Recurrence(RecurrenceKind.Monthly, 0, s.Monthly.DayOfMonth, "", null, 0),
            _ => null,
        };
        return new ScheduleTiming(start, s.TimeZone, repeat);
    }

    private static V1.SyncSchedule ToMessage(ScheduleTiming t)
    {
        var message = new V1.SyncSchedule { TimeZone = t.TimeZone, Start = ScheduleMapping.ToMessage(t.StartLocal) };
        switch (t.Recurrence?.Kind)
        {
            case RecurrenceKind.Daily:
                message.Daily = new V1.DailyRecurrence();
                break;
            case RecurrenceKind.Weekly:
                message.Weekly = ScheduleMapping.ToMessage(t.Recurrence.Days);
                break;
            case RecurrenceKind.Monthly:
                message.Monthly = new V1.MonthlyRecurrence { DayOfMonth = t.Recurrence.DayOfMonth };
                break;
        }

        return message;
    }

    private static SyncSource Source(SyncSourceKind kind, string id, string field, RequestCheck check)
    {
        check.Id(id, Prefix + field);
        return new SyncSource(kind, id);
    }

    private static SyncSource Invalid(RequestCheck check, string field, string description)
    {
        check.Violation(Prefix + field, description);
        return new SyncSource(SyncSourceKind.View, "");
    }
}
