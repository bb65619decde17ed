using System.Globalization;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// A scheduled mass email of one custom view. <see cref="StartLocal"/> is a wall-clock time (kind unspecified) of
/// <see cref="TimeZone"/>; <see cref="NextFireAt"/> is the next occurrence (null when none is left), kept by the
/// service on every change and by the firing when an occurrence is done. <see cref="WaitForQuotaDay"/>: an occurrence
/// whose send does not fit the bulk quota waits for the next UTC day instead of being skipped.
/// </summary>
public sealed record Schedule(
    string Id,
    string OrgId,
    string Name,
    RecordModule Module,
    string ViewId,
    string TemplateId,
    AddressChoice From,
    AddressChoice ReplyTo,
    bool Active,
    DateTime StartLocal,
    string TimeZone,
    Recurrence? Recurrence,
    string CreatedByUserId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextFireAt,
    bool WaitForQuotaDay = false)
{
    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public ScheduleTiming Timing => new(StartLocal, TimeZone, Recurrence);

    public static string FormatLocal(DateTime local) => local.ToString(LocalFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseLocal(string text) => DateTime.ParseExact(text, LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
