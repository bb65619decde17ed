using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Templates;

/// <summary>
/// A template file: front matter between <c>---</c> lines (<c>name</c>, <c>subject</c>, optional <c>from</c>,
/// <c>reply_to</c> as <c>Name &lt;address&gt;</c> or a bare address, <c>description</c>), then the HTML body.
/// Values are one line each; surrounding double quotes are removed.
/// </summary>
public static class TemplateFile
{
    private const string Fence = "---";

    public static Template Parse(string text, string fileName)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Fence)
        {
            throw Bad(fileName, 1, "the file must start with front matter: a line '---', then name: and subject:, then '---'");
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == Fence);
        if (end < 0)
        {
            throw Bad(fileName, 1, "the front matter has no closing '---' line");
        }

        var template = new Template { HtmlBody = string.Join('\n', lines[(end + 1)..]).Trim('\n') };
        for (var i = 1; i < end; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]) || lines[i].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = lines[i].IndexOf(':');
            if (colon <= 0)
            {
                throw Bad(fileName, i + 1, "expected 'key: value'");
            }

            var value = Unquote(lines[i][(colon + 1)..].Trim());
            switch (lines[i][..colon].Trim().ToLowerInvariant())
            {
                case "name": template.Name = value; break;
                case "subject": template.Subject = value; break;
                case "description": template.Description = value; break;
                case "from": template.From = Address(value); break;
                case "reply_to" or "reply-to": template.ReplyTo = Address(value); break;
                case var other: throw Bad(fileName, i + 1, $"unknown key '{Quote.Bounded(other)}' (name, subject, from, reply_to, description)");
            }
        }

        return string.IsNullOrEmpty(template.Name) || string.IsNullOrEmpty(template.Subject)
            ? throw Bad(fileName, 1, "the front matter needs name: and subject:")
            : template;
    }

    /// <summary><c>Acme Jobs &lt;jobs@acme.example&gt;</c> or <c>jobs@acme.example</c>; the service validates it.</summary>
    public static EmailAddress Address(string value)
    {
        var open = value.LastIndexOf('<');
        return open >= 0 && value.EndsWith('>')
            ? new EmailAddress { DisplayName = Unquote(value[..open].Trim()), Address = value[(open + 1)..^1].Trim() }
            : new EmailAddress { Address = value };
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static CliException Bad(string fileName, int line, string reason) =>
        new(ExitCodes.BadInput, $"{fileName}:{line}: {reason}");
}
