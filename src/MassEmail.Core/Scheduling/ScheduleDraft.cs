using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Scheduling;

/// <summary>The settings of a schedule a caller creates or replaces.</summary>
public sealed record ScheduleDraft(
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
    bool WaitForQuotaDay = false)
{
    public ScheduleTiming Timing => new(StartLocal, TimeZone, Recurrence);
}
