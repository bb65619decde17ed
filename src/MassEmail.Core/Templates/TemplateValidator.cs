using System.Text;
using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Templates;

/// <summary>The value rules of a template. Shape rules (required fields, enum ranges) are the host's.</summary>
public sealed class TemplateValidator(TemplateOptions options)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;

    public List<FieldViolation> Check(TemplateDraft draft)
    {
        var v = new List<FieldViolation>();
        CheckName(draft.Name, "name", v);
        if (draft.Description.Length > MaxDescriptionLength)
        {
            v.Add(new("description", $"must be at most {MaxDescriptionLength} characters"));
        }

        CheckContentLimits(draft.Content, v);
        CheckMailbox(draft.From, "from", v);
        CheckMailbox(draft.ReplyTo, "reply_to", v);
        return v;
    }

    public void CheckContentLimits(TemplateContent content, List<FieldViolation> v)
    {
        if (string.IsNullOrWhiteSpace(content.Subject))
        {
            v.Add(new("subject", "is required"));
        }
        else if (content.Subject.Length > options.MaxSubjectLength)
        {
            v.Add(new("subject", $"must be at most {options.MaxSubjectLength} characters"));
        }

        if (HasLineBreak(content.Subject))
        {
            v.Add(new("subject", "must not contain CR or LF"));
        }

        if (string.IsNullOrWhiteSpace(content.HtmlBody) && string.IsNullOrWhiteSpace(content.TextBody))
        {
            v.Add(new("html_body", "an HTML or a text body is required"));
        }

        CheckSize(content.HtmlBody, "html_body", v);
        CheckSize(content.TextBody, "text_body", v);
    }

    /// <summary>
    /// A name as stored (trimmed): at most <see cref="MaxNameLength"/> characters on one line without control
    /// characters, since names reach mail headers (a sender's display name, a subject's merge field).
    /// </summary>
    public static void CheckName(string name, string field, List<FieldViolation> v, bool required = true)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            if (required)
            {
                v.Add(new(field, "is required"));
            }
        }
        else if (trimmed.Length > MaxNameLength)
        {
            v.Add(new(field, $"must be at most {MaxNameLength} characters"));
        }
        else if (trimmed.Any(char.IsControl))
        {
            v.Add(new(field, "must not contain control characters"));
        }
    }

    public static void CheckMailbox(Mailbox? mailbox, string field, List<FieldViolation> v)
    {
        if (mailbox is null)
        {
            return;
        }

        MailboxRules.CheckAddress(mailbox.Address, $"{field}.address", v);
        var count = v.Count;
        MailboxRules.CheckDisplayName(mailbox.DisplayName, $"{field}.display_name", v);
        if (v.Count == count && mailbox.DisplayName.Length > MaxNameLength)
        {
            v.Add(new($"{field}.display_name", $"must be at most {MaxNameLength} characters"));
        }
    }

    private void CheckSize(string? body, string field, List<FieldViolation> v)
    {
        if (body is not null && Encoding.UTF8.GetByteCount(body) > options.MaxBodyBytes)
        {
            v.Add(new(field, $"must be at most {options.MaxBodyBytes} bytes"));
        }
    }

    private static bool HasLineBreak(string? s) => s is not null && s.AsSpan().IndexOfAny('\r', '\n') >= 0;
}
