using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>mailing_lists</c> row, as Dapper reads and writes it.</summary>
internal sealed class MailingListRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, module AS Module, name AS Name, name_key AS NameKey, is_dynamic AS IsDynamic, "
        + "criteria_json AS CriteriaJson, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public long Module { get; set; }
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public long IsDynamic { get; set; }
    public string? CriteriaJson { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static MailingListRow From(MailingList l) => new()
    {
        OrgId = l.OrgId,
        Id = l.Id,
        Module = (long)l.Module,
        Name = l.Name,
        NameKey = l.NameKey,
        IsDynamic = l.IsDynamic ? 1 : 0,
        CriteriaJson = l.CriteriaJson,
        CreatedAt = UnixMilliseconds.From(l.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(l.UpdatedAt),
    };

    public MailingList ToDomain() => new(
        Id, OrgId, (RecordModule)Module, Name, IsDynamic != 0, CriteriaJson, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt));
}
