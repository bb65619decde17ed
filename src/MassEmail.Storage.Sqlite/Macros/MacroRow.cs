using MassEmail.Core.Macros;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Macros;

/// <summary>A <c>macros</c> row, as Dapper reads and writes it.</summary>
internal sealed class MacroRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, module AS Module, name AS Name, name_key AS NameKey, template_id AS TemplateId, "
        + "from_choice AS FromChoice, reply_to_choice AS ReplyToChoice, created_by AS CreatedBy, version AS Version, "
        + "created_at AS CreatedAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public long Module { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string TemplateId { get; set; } = "";
    public long FromChoice { get; set; }
    public long ReplyToChoice { get; set; }
    public string CreatedBy { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static MacroRow From(Macro m) => new()
    {
        OrgId = m.OrgId,
        Id = m.Id,
        Module = (long)m.Module,
        Name = m.Name,
        NameKey = m.NameKey,
        TemplateId = m.TemplateId,
        FromChoice = (long)m.From,
        ReplyToChoice = (long)m.ReplyTo,
        CreatedBy = m.CreatedByUserId,
        Version = m.Version,
        CreatedAt = UnixMilliseconds.From(m.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(m.UpdatedAt),
    };

    public Macro ToDomain() => new(Id, OrgId, (RecordModule)Module, Name, TemplateId, (AddressChoice)FromChoice, (AddressChoice)ReplyToChoice,
        CreatedBy, Version, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt));
}
