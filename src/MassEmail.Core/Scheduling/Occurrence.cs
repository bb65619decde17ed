using System.Globalization;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// One occurrence of a schedule, unique by (<see cref="ScheduleId"/>, <see cref="LocalTime"/>): the wall-clock fire
/// time with its offset (<c>2027-03-28T03:00+02:00</c>), which also tells the two halves of a repeated hour apart.
/// <see cref="LeaseUntil"/> bounds a claim: past it, another instance may take the occurrence over.
/// </summary>
public sealed record Occurrence(
    string OrgId,
    string ScheduleId,
    string LocalTime,
    DateTimeOffset FireAt,
    OccurrenceState State,
    string SendId,
    string Reason,
    string Holder,
    DateTimeOffset LeaseUntil,
    DateTimeOffset RecordedAt)
{
    public static string KeyOf(DateTimeOffset zonedFireTime) => zonedFireTime.ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture);
}
