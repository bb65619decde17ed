using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>custom_views</c> row, as Dapper reads and writes it.</summary>
internal sealed class CustomViewRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, module AS Module, name AS Name, name_key AS NameKey, criteria_json AS CriteriaJson, "
        + "version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public long Module { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string CriteriaJson { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static CustomViewRow From(CustomView v) => new()
    {
        OrgId = v.OrgId,
        Id = v.Id,
        Module = (long)v.Module,
        Name = v.Name,
        NameKey = v.NameKey,
        CriteriaJson = v.CriteriaJson,
        Version = v.Version,
        CreatedAt = UnixMilliseconds.From(v.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(v.UpdatedAt),
    };

    public CustomView ToDomain() => new(
        Id, OrgId, (RecordModule)Module, Name, CriteriaJson, Version, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt));
}
