using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Templates;

/// <summary>A stored email template. <see cref="NameKey"/> is the case-folded name that must be unique per organisation.</summary>
public sealed record Template(
    string Id,
    string OrgId,
    string Name,
    string? FolderId,
    string Subject,
    string HtmlBody,
    string? TextBody,
    Mailbox? From,
    Mailbox? ReplyTo,
    TemplateEngineKind Engine,
    string Description,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string NameKey => NameKeys.For(Name);

    public TemplateContent Content => new(Subject, HtmlBody, TextBody, Engine);

    /// <summary>The key under which compiled forms of this exact version are cached.</summary>
    public string CacheKey => $"{Id}:{Version}";
}
