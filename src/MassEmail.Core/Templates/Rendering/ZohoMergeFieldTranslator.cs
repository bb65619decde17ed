using System.Text;
using System.Text.RegularExpressions;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Turns Zoho-style merge fields into Liquid before parsing, so templates copied from Zoho
/// Recruit or CRM keep working: <c>${Candidates.First Name}</c> becomes
/// <c>{{ record['first_name'] }}</c>, <c>${Users.Email}</c> an owner field, <c>${Organization.Name}</c>
/// an org field and <c>${Unsubscribe Link}</c> the unsubscribe URL. Fields that cannot be translated
/// are left as written and reported at the author's position.
/// </summary>
internal static partial class ZohoMergeFieldTranslator
{
    private static readonly Dictionary<string, string> ModuleVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Candidates"] = "record",
        ["Contacts"] = "record",
        ["Clients"] = "record",
        ["Leads"] = "record",
        ["Users"] = "owner",
        ["Owner"] = "owner",
        ["Record Owner"] = "owner",
        ["Organization"] = "org",
        ["Organisation"] = "org",
    };

    private static readonly HashSet<string> UnsubscribeFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Unsubscribe Link",
        "Unsubscribe URL",
    };

    public static TranslatedSource Translate(string source)
    {
        var map = new SourceMap();
        var issues = new List<SourceIssue>();
        if (!source.Contains("${", StringComparison.Ordinal))
        {
            return new TranslatedSource(source, source, map, issues);
        }

        var text = new StringBuilder(source.Length);
        var copied = 0;
        foreach (Match field in FieldPattern().Matches(source))
        {
            text.Append(source, copied, field.Index - copied);
            copied = field.Index + field.Length;
            if (TryTranslate(field.Groups["body"].Value, out var liquid, out var error))
            {
                map.Add(field.Index, field.Length, text.Length, liquid.Length);
                text.Append(liquid);
            }
            else
            {
                issues.Add(new SourceIssue(field.Index, error));
                text.Append(field.Value);
            }
        }

        text.Append(source, copied, source.Length - copied);
        return new TranslatedSource(source, text.ToString(), map, issues);
    }

    /// <summary><c>First Name</c> → <c>first_name</c>: lower case, every run of other characters one underscore.</summary>
    public static string ToSnakeCase(string field)
    {
        var result = new StringBuilder(field.Length);
        foreach (var c in field)
        {
            if (char.IsLetterOrDigit(c))
            {
                result.Append(char.ToLowerInvariant(c));
            }
            else if (result.Length > 0 && result[^1] != '_')
            {
                result.Append('_');
            }
        }

        return result.ToString().TrimEnd('_');
    }

    private static bool TryTranslate(string body, out string liquid, out string error)
    {
        liquid = "";
        error = "";
        var written = InputText.Quote("${" + body + "}");
        if (UnsubscribeFields.Contains(body.Trim()))
        {
            liquid = "{{ unsubscribe_url }}";
            return true;
        }

        var dot = body.IndexOf('.');
        if (dot < 0)
        {
            error = $"Unknown merge field '{written}': write ${{Module.Field Name}} (e.g. ${{Candidates.First Name}}) or Liquid such as {{{{ record.first_name }}}}.";
            return false;
        }

        var module = body[..dot].Trim();
        if (!ModuleVariables.TryGetValue(module, out var variable))
        {
            error = $"Unknown merge field module '{InputText.Quote(module)}' in '{written}': use Candidates, Contacts, Clients, Leads, Users, Owner, Record Owner or Organization.";
            return false;
        }

        var name = ToSnakeCase(body[(dot + 1)..]);
        if (name.Length == 0)
        {
            error = $"Merge field '{written}' has no field name.";
            return false;
        }

        // Index syntax accepts any key, even one that starts with a digit; the key never holds a quote.
        liquid = $"{{{{ {variable}['{name}'] }}}}";
        return true;
    }

    [GeneratedRegex(@"\$\{(?<body>[^{}\r\n]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
