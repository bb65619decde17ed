using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Admin;

/// <summary>Parsing of the admin command's <c>--name value</c> arguments.</summary>
internal static class AdminArguments
{
    public static Dictionary<string, string> Parse(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? pending = null;
        foreach (var arg in args)
        {
            if (pending is null)
            {
                pending = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : throw new ArgumentException($"unexpected argument '{arg}'");
            }
            else
            {
                result[pending] = arg;
                pending = null;
            }
        }

        return pending is null ? result : throw new ArgumentException($"--{pending} needs a value");
    }

    public static NewOrganisation ToNewOrganisation(Dictionary<string, string> o)
    {
        string Get(string key) => o.GetValueOrDefault(key, "");
        var edition = Enum.TryParse<Edition>(o.GetValueOrDefault("edition", "STANDARD"), ignoreCase: true, out var e) && Enum.IsDefined(e)
            ? e
            : throw new ArgumentException("--edition must be FREE, STANDARD, PROFESSIONAL or ENTERPRISE");
        int? limit = o.TryGetValue("bulk-daily-limit", out var l)
            ? int.TryParse(l, out var n) ? n : throw new ArgumentException("--bulk-daily-limit must be a number")
            : null;
        return new NewOrganisation(
            Get("name"), edition, Get("email"),
            new PostalAddress(Get("street"), Get("city"), Get("region"), Get("postal-code"), Get("country").ToUpperInvariant()),
            limit, Get("admin-email"), Get("admin-first-name"), Get("admin-last-name"));
    }

    public static bool ParseBool(string text, string option) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{option} must be true or false"),
    };

    public static Permission ParsePermissions(string text)
    {
        if (text == "all")
        {
            return Permission.All;
        }

        var result = Permission.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= Enum.TryParse<Permission>(name.Replace("-", ""), ignoreCase: true, out var p) && p != Permission.None
                ? p
                : throw new ArgumentException($"unknown permission '{name}'");
        }

        return result;
    }
}
