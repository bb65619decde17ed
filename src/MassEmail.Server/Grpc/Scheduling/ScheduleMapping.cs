using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Scheduling;
using MassEmail.Server.Grpc.Recipients;
using MassEmail.Server.Grpc.Sending;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Scheduling;

/// <summary>Schedules between the contract and Core; shape errors are collected on a <see cref="RequestCheck"/> under <c>schedule.</c>.</summary>
internal static class ScheduleMapping
{
    public static ScheduleDraft ToDraft(this V1.Schedule s, RequestCheck check)
    {
        check.Id(s.ViewId, "schedule.view_id").Id(s.TemplateId, "schedule.template_id");
        var module = FieldValueMapping.ToCore(s.Module, check, "schedule.module");
        var from = SendMapping.ToCore(s.From, "schedule.from", check);
        var replyTo = SendMapping.ToCore(s.ReplyTo, "schedule.reply_to", check);
        var start = ToLocal(s.Start, check);
        var recurrence = s.Recurrence is null ? null : ToCore(s.Recurrence, check);
        return new ScheduleDraft(s.Name, module, s.ViewId, s.TemplateId, from, replyTo, s.Active, start, s.TimeZone, recurrence, s.WaitForQuotaDay);
    }

    public static V1.Schedule ToMessage(this Schedule s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Module = s.Module.ToMessage(),
        ViewId = s.ViewId,
        TemplateId = s.TemplateId,
        From = (V1.AddressChoice)(int)s.From,
        ReplyTo = (V1.AddressChoice)(int)s.ReplyTo,
        Active = s.Active,
        Start = ToMessage(s.StartLocal),
        TimeZone = s.TimeZone,
        Recurrence = s.Recurrence?.ToMessage(),
        Version = s.Version,
        CreatedByUserId = s.CreatedByUserId,
        CreateTime = Timestamp.FromDateTimeOffset(s.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(s.UpdatedAt),
        NextFireTime = s.NextFireAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
        WaitForQuotaDay = s.WaitForQuotaDay,
    };

    public static V1.LocalDateTime ToMessage(DateTime local) =>
        new() { Year = local.Year, Month = local.Month, Day = local.Day, Hour = local.Hour, Minute = local.Minute };

    public static V1.Occurrence ToMessage(this Occurrence o) => new()
    {
        ScheduleId = o.ScheduleId,
        LocalTime = o.LocalTime,
        FireTime = Timestamp.FromDateTimeOffset(o.FireAt),
        State = (V1.OccurrenceState)(int)o.State,
        SendId = o.SendId,
        Reason = o.Reason,
        RecordTime = Timestamp.FromDateTimeOffset(o.RecordedAt),
    };

    private static V1.Recurrence ToMessage(this Recurrence r)
    {
        var message = new V1.Recurrence { Count = r.Count };
        switch (r.Kind)
        {
            case RecurrenceKind.Daily:
                message.Daily = new V1.DailyRecurrence();
                break;
            case RecurrenceKind.Weekly:
                message.Weekly = ToMessage(r.Days);
                break;
            case RecurrenceKind.Monthly:
                message.Monthly = new V1.MonthlyRecurrence { DayOfMonth = r.DayOfMonth };
                break;
            default:
                message.Cron = r.Cron;
                break;
        }

        if (r.EndDate is { } end)
        {
            message.EndDate = new V1.LocalDate { Year = end.Year, Month = end.Month, Day = end.Day };
        }

        return message;
    }

    /// <summary>A weekly rule's days (a bit set of <see cref="DayOfWeek"/>) as the contract's message.</summary>
    public static V1.WeeklyRecurrence ToMessage(int days)
    {
        var message = new V1.WeeklyRecurrence();
        message.Days.AddRange(WeekdayMapping.FromBits(days));
        return message;
    }

    private static Recurrence ToCore(V1.Recurrence r, RequestCheck check)
    {
        var days = WeekdayMapping.ToBits(r.Weekly?.Days ?? [], check, "schedule.recurrence.weekly.days");

        var kind = r.RuleCase switch
        {
            V1.Recurrence.RuleOneofCase.Daily => RecurrenceKind.Daily,
            V1.Recurrence.RuleOneofCase.Weekly => RecurrenceKind.Weekly,
            V1.Recurrence.RuleOneofCase.Monthly => RecurrenceKind.Monthly,
            V1.Recurrence.RuleOneofCase.Cron => RecurrenceKind.Cron,
            _ => (RecurrenceKind?)null,
        };
        if (kind is null)
        {
            check.Violation("schedule.recurrence", "daily, weekly, monthly or cron is required");
        }

        DateOnly? end = null;
        if (r.EndDate is { } e)
        {
            end = IsDate(e.Year, e.Month, e.Day) ? new DateOnly(e.Year, e.Month, e.Day) : Invalid(check, "schedule.recurrence.end_date", "is not a valid date");
        }

        return new Recurrence(kind ?? RecurrenceKind.Daily, days, r.Monthly?.DayOfMonth ?? 0, r.Cron ?? "", end, r.Count);
    }

    /// <summary>A wall-clock time of the contract; missing or impossible ones are violations of <paramref name="field"/>.</summary>
    public static DateTime ToLocal(V1.LocalDateTime? t, RequestCheck check, string field = "schedule.start")
    {
        if (t is null)
        {
            check.Violation(field, "is required");
            return default;
        }

        if (!IsDate(t.Year, t.Month, t.Day) || t.Hour is < 0 or > 23 || t.Minute is < 0 or > 59)
        {
            check.Violation(field, "is not a valid date and time (years 2000 to 9999, hour 0 to 23, minute 0 to 59)");
            return default;
        }

        return new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Unspecified);
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 2000 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static DateOnly? Invalid(RequestCheck check, string field, string description)
    {
        check.Violation(field, description);
        return null;
    }
}
