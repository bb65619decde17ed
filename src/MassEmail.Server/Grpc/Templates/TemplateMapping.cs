using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Templates;

/// <summary>Conversions between the template messages and Core's records.</summary>
internal static class TemplateMapping
{
    public static V1.Template ToMessage(this Template t) => new()
    {
        Id = t.Id,
        Name = t.Name,
        FolderId = t.FolderId ?? "",
        Subject = t.Subject,
        HtmlBody = t.HtmlBody,
        TextBody = t.TextBody ?? "",
        From = t.From?.ToMessage(),
        ReplyTo = t.ReplyTo?.ToMessage(),
        Engine = t.Engine == TemplateEngineKind.Razor ? V1.TemplateEngine.Razor : V1.TemplateEngine.Liquid,
        Version = t.Version,
        Description = t.Description,
        CreateTime = Timestamp.FromDateTimeOffset(t.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(t.UpdatedAt),
    };

    public static V1.TemplateFolder ToMessage(this TemplateFolder f) => new()
    {
        Id = f.Id,
        Name = f.Name,
        CreateTime = Timestamp.FromDateTimeOffset(f.CreatedAt),
    };

    public static TemplateDraft ToDraft(this V1.Template t) => new(
        t.Name,
        string.IsNullOrEmpty(t.FolderId) ? null : t.FolderId,
        t.Subject,
        t.HtmlBody,
        t.TextBody,
        ToMailbox(t.From),
        ToMailbox(t.ReplyTo),
        ToKind(t.Engine),
        t.Description);

    public static TemplateContent ToContent(this V1.TemplateContent c) =>
        new(c.Subject, c.HtmlBody, c.TextBody, ToKind(c.Engine));

    /// <summary>Only call after shape validation has refused undefined enum values.</summary>
    public static TemplateEngineKind ToKind(V1.TemplateEngine engine) =>
        engine == V1.TemplateEngine.Razor ? TemplateEngineKind.Razor : TemplateEngineKind.Liquid;

    /// <summary>Maps update-mask paths to fields; unknown paths are reported to <paramref name="check"/>.</summary>
    public static TemplateField ToFields(Google.Protobuf.WellKnownTypes.FieldMask? mask, RequestCheck check)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return TemplateField.All;
        }

        var fields = TemplateField.None;
        foreach (var path in mask.Paths)
        {
            var field = path switch
            {
                "name" => TemplateField.Name,
                "folder_id" => TemplateField.Folder,
                "subject" => TemplateField.Subject,
                "html_body" => TemplateField.HtmlBody,
                "text_body" => TemplateField.TextBody,
                "from" => TemplateField.From,
                "reply_to" => TemplateField.ReplyTo,
                "engine" => TemplateField.Engine,
                "description" => TemplateField.Description,
                _ => TemplateField.None,
            };
            if (field == TemplateField.None)
            {
                check.Violation("update_mask", $"'{path}' is not a mutable template field");
            }

            fields |= field;
        }

        return fields;
    }

    private static V1.EmailAddress ToMessage(this Mailbox m) => new() { Address = m.Address, DisplayName = m.DisplayName };

    private static Mailbox? ToMailbox(V1.EmailAddress? a) =>
        a is null || (a.Address.Length == 0 && a.DisplayName.Length == 0) ? null : new Mailbox(a.Address.Trim(), a.DisplayName.Trim());
}
