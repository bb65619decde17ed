using MassEmail.Core.Autoresponders;
using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Autoresponders;

/// <summary>An <c>autoresponders</c> row, as Dapper reads and writes it.</summary>
internal sealed class AutoresponderRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, module AS Module, name AS Name, trigger_kind AS TriggerKind, trigger_id AS TriggerId, "
        + "steps_json AS StepsJson, window_json AS WindowJson, active AS Active, activated_at AS ActivatedAt, enroll_existing AS EnrollExisting, "
        + "enroll_cursor AS EnrollCursor, created_by AS CreatedBy, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public long Module { get; set; }
    public string Name { get; set; } = "";
    public long TriggerKind { get; set; }
    public string TriggerId { get; set; } = "";
    public string StepsJson { get; set; } = "";
    public string? WindowJson { get; set; }
    public long Active { get; set; }
    public long? ActivatedAt { get; set; }
    public long EnrollExisting { get; set; }
    public long? EnrollCursor { get; set; }
    public string CreatedBy { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static AutoresponderRow From(Autoresponder a) => new()
    {
        OrgId = a.OrgId,
        Id = a.Id,
        Module = (long)a.Module,
        Name = a.Name,
        TriggerKind = (long)a.Trigger.Kind,
        TriggerId = a.Trigger.TargetId,
        StepsJson = AutoresponderJson.Steps(a.Steps),
        WindowJson = AutoresponderJson.Window(a.Window),
        Active = a.Active ? 1 : 0,
        ActivatedAt = a.ActivatedAt is { } at ? UnixMilliseconds.From(at) : null,
        EnrollExisting = a.EnrollExisting ? 1 : 0,
        EnrollCursor = a.EnrollCursor is { } c ? UnixMilliseconds.From(c) : null,
        CreatedBy = a.CreatedByUserId,
        Version = a.Version,
        CreatedAt = UnixMilliseconds.From(a.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(a.UpdatedAt),
    };

    public Autoresponder ToDomain() => new(Id, OrgId, Name, (RecordModule)Module, new((TriggerKind)TriggerKind, TriggerId),
        AutoresponderJson.Steps(StepsJson), AutoresponderJson.Window(WindowJson), Active != 0,
        ActivatedAt is { } at ? UnixMilliseconds.ToTime(at) : null, EnrollExisting != 0,
        EnrollCursor is { } c ? UnixMilliseconds.ToTime(c) : null, CreatedBy, Version, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt));
}
