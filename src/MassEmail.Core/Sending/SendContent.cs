using System.Text.Json;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Sending;

/// <summary>
/// What a send renders and who it comes from, frozen at start. A null <see cref="From"/> or
/// <see cref="ReplyTo"/> means "each record's owner" (resolved per recipient).
/// </summary>
public sealed record SendContent(string Subject, string HtmlBody, string? TextBody, TemplateEngineKind Engine, Mailbox? From, Mailbox? ReplyTo)
{
    public TemplateContent Template => new(Subject, HtmlBody, TextBody, Engine);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static SendContent FromJson(string json) => JsonSerializer.Deserialize<SendContent>(json) ?? throw new JsonException("empty send content");
}
