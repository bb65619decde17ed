using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Scheduling;

/// <summary>A <c>schedules</c> row, as Dapper reads and writes it.</summary>
internal sealed class ScheduleRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, name AS Name, module AS Module, view_id AS ViewId, template_id AS TemplateId, from_choice AS FromChoice, "
        + "reply_to_choice AS ReplyToChoice, active AS Active, start_local AS StartLocal, time_zone AS TimeZone, recurrence_json AS RecurrenceJson, "
        + "created_by AS CreatedBy, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt, next_fire_at AS NextFireAt, "
        + "wait_for_quota_day AS WaitForQuotaDay";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long Module { get; set; }
    public string ViewId { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public long FromChoice { get; set; }
    public long ReplyToChoice { get; set; }
    public long Active { get; set; }
    public string StartLocal { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public string? RecurrenceJson { get; set; }
    public string CreatedBy { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? NextFireAt { get; set; }
    public long WaitForQuotaDay { get; set; }

    public static ScheduleRow From(Schedule s) => new()
    {
        OrgId = s.OrgId,
        Id = s.Id,
        Name = s.Name,
        Module = (long)s.Module,
        ViewId = s.ViewId,
        TemplateId = s.TemplateId,
        FromChoice = (long)s.From,
        ReplyToChoice = (long)s.ReplyTo,
        Active = s.Active ? 1 : 0,
        StartLocal = Schedule.FormatLocal(s.StartLocal),
        TimeZone = s.TimeZone,
        RecurrenceJson = s.Recurrence?.ToJson(),
        CreatedBy = s.CreatedByUserId,
        Version = s.Version,
        CreatedAt = UnixMilliseconds.From(s.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(s.UpdatedAt),
        NextFireAt = UnixMilliseconds.From(s.NextFireAt),
        WaitForQuotaDay = s.WaitForQuotaDay ? 1 : 0,
    };

    public Schedule ToDomain() => new(
        Id, OrgId, Name, (RecordModule)Module, ViewId, TemplateId, (AddressChoice)FromChoice, (AddressChoice)ReplyToChoice, Active != 0,
        Schedule.ParseLocal(StartLocal), TimeZone, Recurrence.FromJson(RecurrenceJson), CreatedBy, Version,
        UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt), UnixMilliseconds.ToTime(NextFireAt),
        WaitForQuotaDay != 0);
}
