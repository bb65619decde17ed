using MassEmail.Core.Recipients;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// Follow-up emails of one module: a record that <see cref="Trigger"/> enrols gets <see cref="Steps"/> in order.
/// <see cref="EnrollCursor"/> is where the enrolling worker has read the trigger's events up to (null: not yet since the
/// last activation); it moves without changing <see cref="Version"/>.
/// </summary>
public sealed record Autoresponder(
    string Id,
    string OrgId,
    string Name,
    RecordModule Module,
    AutoresponderTrigger Trigger,
    IReadOnlyList<AutoresponderStep> Steps,
    SendingWindow? Window,
    bool Active,
    DateTimeOffset? ActivatedAt,
    bool EnrollExisting,
    DateTimeOffset? EnrollCursor,
    string CreatedByUserId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
