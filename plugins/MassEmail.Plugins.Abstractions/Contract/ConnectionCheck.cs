using MassEmail.Core.Errors;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A plugin's verdict on a new connection's data centre and credentials, before anything is stored.
/// </summary>
/// <param name="DataCentre">The data centre as it is stored (Zoho <c>accounts.zohocloud.ca</c> → <c>ca</c>; Mailchimp: the
/// API key's server prefix when none was given).</param>
/// <param name="Violations">Fields <c>data_centre</c> and <c>credentials.&lt;name&gt;</c>; descriptions never quote a secret.</param>
public sealed record ConnectionCheck(string DataCentre, IReadOnlyList<FieldViolation> Violations)
{
    /// <summary>Longest credential value accepted (OAuth tokens and API keys are far shorter).</summary>
    public const int MaxCredentialLength = 2048;

    /// <summary>
    /// The common checks of credentials: the required ones present, no unknown names, values of printable ASCII without
    /// spaces (what vendors issue) and of a bounded length. Values are never quoted.
    /// </summary>
    public static List<FieldViolation> CheckCredentials(
        IReadOnlyDictionary<string, string> credentials, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
    {
        var violations = new List<FieldViolation>();
        foreach (var name in required.Where(n => !credentials.TryGetValue(n, out var v) || string.IsNullOrEmpty(v)))
        {
            violations.Add(new FieldViolation($"credentials.{name}", "is required"));
        }

        foreach (var (name, value) in credentials.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!required.Contains(name) && !optional.Contains(name))
            {
                violations.Add(new FieldViolation($"credentials.{name}", "is not a credential of this vendor"));
            }
            else if (value.Length > MaxCredentialLength)
            {
                violations.Add(new FieldViolation($"credentials.{name}", $"must be at most {MaxCredentialLength} characters"));
            }
            else if (value.Any(c => c is <= ' ' or > '~'))
            {
                violations.Add(new FieldViolation($"credentials.{name}", "must be printable ASCII without spaces"));
            }
        }

        return violations;
    }
}
