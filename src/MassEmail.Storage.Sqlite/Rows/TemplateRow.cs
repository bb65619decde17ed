using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>templates</c> row, as Dapper reads and writes it. A mailbox is two columns, both null when absent.</summary>
internal sealed class TemplateRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, name AS Name, name_key AS NameKey, folder_id AS FolderId, subject AS Subject, "
        + "html_body AS HtmlBody, text_body AS TextBody, from_address AS FromAddress, "
        + "from_display_name AS FromDisplayName, reply_to_address AS ReplyToAddress, "
        + "reply_to_display_name AS ReplyToDisplayName, engine AS Engine, description AS Description, "
        + "version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameKey { get; set; } = "";
    public string? FolderId { get; set; }
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string? TextBody { get; set; }
    public string? FromAddress { get; set; }
    public string? FromDisplayName { get; set; }
    public string? ReplyToAddress { get; set; }
    public string? ReplyToDisplayName { get; set; }
    public long Engine { get; set; }
    public string Description { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static TemplateRow From(Template t) => new()
    {
        OrgId = t.OrgId,
        Id = t.Id,
        Name = t.Name,
        NameKey = t.NameKey,
        FolderId = t.FolderId,
        Subject = t.Subject,
        HtmlBody = t.HtmlBody,
        TextBody = t.TextBody,
        FromAddress = t.From?.Address,
        FromDisplayName = t.From?.DisplayName,
        ReplyToAddress = t.ReplyTo?.Address,
        ReplyToDisplayName = t.ReplyTo?.DisplayName,
        Engine = (long)t.Engine,
        Description = t.Description,
        Version = t.Version,
        CreatedAt = UnixMilliseconds.From(t.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(t.UpdatedAt),
    };

    public Template ToDomain() => new(
        Id,
        OrgId,
        Name,
        FolderId,
        Subject,
        HtmlBody,
        TextBody,
        MailboxOf(FromAddress, FromDisplayName),
        MailboxOf(ReplyToAddress, ReplyToDisplayName),
        (TemplateEngineKind)Engine,
        Description,
        Version,
        UnixMilliseconds.ToTime(CreatedAt),
        UnixMilliseconds.ToTime(UpdatedAt));

    // The address column alone says whether there is a mailbox, so an empty display name survives.
    private static Mailbox? MailboxOf(string? address, string? displayName) =>
        address is null ? null : new Mailbox(address, displayName ?? "");
}
