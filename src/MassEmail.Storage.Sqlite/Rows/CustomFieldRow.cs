using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>custom_fields</c> row, as Dapper reads and writes it.</summary>
internal sealed class CustomFieldRow
{
    public const string Columns = "org_id AS OrgId, module AS Module, name AS Name, type AS Type, created_at AS CreatedAt";

    public string OrgId { get; set; } = "";
    public long Module { get; set; }
    public string Name { get; set; } = "";
    public long Type { get; set; }
    public long CreatedAt { get; set; }

    public static CustomFieldRow From(CustomFieldDefinition d) => new()
    {
        OrgId = d.OrgId,
        Module = (long)d.Module,
        Name = d.Name,
        Type = (long)d.Type,
        CreatedAt = UnixMilliseconds.From(d.CreatedAt),
    };

    public CustomFieldDefinition ToDomain() => new(OrgId, (RecordModule)Module, Name, (FieldType)Type, UnixMilliseconds.ToTime(CreatedAt));
}
