using MassEmail.Core.Scheduling;

namespace MassEmail.Storage.Sqlite.Scheduling;

/// <summary>A <c>schedule_occurrences</c> row, as Dapper reads and writes it.</summary>
internal sealed class OccurrenceRow
{
    public const string Columns =
        "org_id AS OrgId, schedule_id AS ScheduleId, local_time AS LocalTime, fire_at AS FireAt, state AS State, send_id AS SendId, "
        + "reason AS Reason, holder AS Holder, lease_until AS LeaseUntil, recorded_at AS RecordedAt";

    public string OrgId { get; set; } = "";
    public string ScheduleId { get; set; } = "";
    public string LocalTime { get; set; } = "";
    public long FireAt { get; set; }
    public long State { get; set; }
    public string SendId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Holder { get; set; } = "";
    public long LeaseUntil { get; set; }
    public long RecordedAt { get; set; }

    public static OccurrenceRow From(Occurrence o) => new()
    {
        OrgId = o.OrgId,
        ScheduleId = o.ScheduleId,
        LocalTime = o.LocalTime,
        FireAt = UnixMilliseconds.From(o.FireAt),
        State = (long)o.State,
        SendId = o.SendId,
        Reason = o.Reason,
        Holder = o.Holder,
        LeaseUntil = UnixMilliseconds.From(o.LeaseUntil),
        RecordedAt = UnixMilliseconds.From(o.RecordedAt),
    };

    /// <summary>The fire time is read back with the offset its local time carries.</summary>
    public Occurrence ToDomain() => new(
        OrgId, ScheduleId, LocalTime, UnixMilliseconds.ToTime(FireAt).ToOffset(OffsetOf(LocalTime)), (OccurrenceState)State, SendId, Reason, Holder,
        UnixMilliseconds.ToTime(LeaseUntil), UnixMilliseconds.ToTime(RecordedAt));

    internal static TimeSpan OffsetOf(string localTime) =>
        DateTimeOffset.ParseExact(localTime, "yyyy-MM-ddTHH:mmzzz", System.Globalization.CultureInfo.InvariantCulture).Offset;
}
