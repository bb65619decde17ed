using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;

namespace MassEmail.Core.Syncs;

/// <summary>
/// What a sync definition does, modelled on Zoho Recruit's own Campaigns sync: the records of <see cref="Source"/> (of
/// <see cref="Module"/>) kept in the vendor's list <see cref="RemoteListId"/> with <see cref="Fields"/> mapped, on
/// <see cref="Schedule"/> (a one-time or daily/weekly/monthly timing of the schedules engine) and, when
/// <see cref="Continuous"/>, as changes happen.
/// </summary>
public sealed record SyncSettings(
    RecordModule Module,
    SyncSource Source,
    string RemoteListId,
    IReadOnlyList<SyncFieldMapping> Fields,
    bool ExcludeEmailOptOuts,
    RecordDeletedAction OnRecordDeleted,
    ScheduleTiming Schedule,
    bool Continuous)
{
    /// <summary>Records compare lists by reference; equal mappings in equal order are equal.</summary>
    public bool Equals(SyncSettings? other) =>
        other is not null && Module == other.Module && Source == other.Source && RemoteListId == other.RemoteListId
        && Fields.SequenceEqual(other.Fields) && ExcludeEmailOptOuts == other.ExcludeEmailOptOuts
        && OnRecordDeleted == other.OnRecordDeleted && SameSchedule(Schedule, other.Schedule) && Continuous == other.Continuous;

    /// <summary>Two timings that fire at the same times: same start, zone and recurrence.</summary>
    public static bool SameSchedule(ScheduleTiming a, ScheduleTiming b) =>
        a.StartLocal == b.StartLocal && a.TimeZone == b.TimeZone && a.Recurrence == b.Recurrence;

    public override int GetHashCode() => HashCode.Combine(Module, Source, RemoteListId, Continuous);
}
