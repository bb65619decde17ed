using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Templates;

/// <summary>The caller-supplied values of a template, before validation.</summary>
public sealed record TemplateDraft(
    string Name,
    string? FolderId,
    string Subject,
    string HtmlBody,
    string? TextBody,
    Mailbox? From,
    Mailbox? ReplyTo,
    TemplateEngineKind Engine,
    string Description)
{
    public TemplateContent Content => new(Subject, HtmlBody, TextBody, Engine);

    public static TemplateDraft Of(Template t) =>
        new(t.Name, t.FolderId, t.Subject, t.HtmlBody, t.TextBody, t.From, t.ReplyTo, t.Engine, t.Description);
}
