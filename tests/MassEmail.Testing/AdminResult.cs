using System.Text.Json;

namespace MassEmail.Testing;

/// <summary>
/// The result of the server binary's operator command run with <c>--json</c> (<c>MassEmail.Server admin
/// create-org ... --json</c>): one JSON object of string fields. The one reader of that output for tests,
/// the drills and the bench.
/// </summary>
public sealed class AdminResult
{
    private readonly Dictionary<string, string> fields;

    private AdminResult(Dictionary<string, string> fields) => this.fields = fields;

    /// <summary>The <c>api_key</c> field: the secret of the key the command created.</summary>
    public string ApiKey => this["api_key"];

    /// <summary>The <c>organisation_id</c> field (create-org).</summary>
    public string OrganisationId => this["organisation_id"];

    /// <summary>The <c>admin_user_id</c> field (create-org).</summary>
    public string AdminUserId => this["admin_user_id"];

    public string this[string name] => fields.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"the admin command's result has no '{name}': {JsonSerializer.Serialize(fields)}");

    /// <summary>
    /// Reads the command's standard output: the last line holding a JSON object (any log lines before it
    /// are skipped). An <c>error</c> field or no object at all throws with the whole output.
    /// </summary>
    public static AdminResult Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new FormatException($"the admin command printed no JSON object:\n{output}");
        var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(line)
            ?? throw new FormatException($"the admin command printed null:\n{output}");
        return parsed.TryGetValue("error", out var error)
            ? throw new InvalidOperationException($"the admin command failed: {error}\n{output}")
            : new AdminResult(parsed);
    }
}
