using MassEmail.Core.Templates;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>template_folders</c> row, as Dapper reads and writes it.</summary>
internal sealed class TemplateFolderRow
{
    public const string Columns = "org_id AS OrgId, id AS Id, name AS Name, name_key AS NameKey, created_at AS CreatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public long CreatedAt { get; set; }

    public static TemplateFolderRow From(TemplateFolder f) => new()
    {
        OrgId = f.OrgId,
        Id = f.Id,
        Name = f.Name,
        NameKey = f.NameKey,
        CreatedAt = UnixMilliseconds.From(f.CreatedAt),
    };

    public TemplateFolder ToDomain() => new(Id, OrgId, Name, UnixMilliseconds.ToTime(CreatedAt));
}
