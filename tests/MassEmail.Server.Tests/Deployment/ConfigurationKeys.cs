using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// The configuration keys the server really reads, so that a deployment file cannot set a key nobody reads (a typo
/// such as <c>Ses__Endpiont</c> is silently ignored by ASP.NET Core): every settable property of every options class
/// of the MassEmail assemblies (a type with a <c>SectionName</c> constant), every key of the server's
/// appsettings.json, and the framework's Kestrel and Logging keys.
/// </summary>
internal static partial class ConfigurationKeys
{
    /// <summary>
    /// Environment variables that are not configuration keys but are read by a library, each with what reads it.
    /// A name here must be one the server's environment really needs; anything else must be a configuration key.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OtherVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "the host's environment name (Production requires a public https unsubscribe link)",
        ["ASPNETCORE_HTTP_PORTS"] = "the host's default ports, which the Kestrel endpoint replaces",
        ["AWS_ACCESS_KEY_ID"] = "the AWS standard credential chain",
        ["AWS_SECRET_ACCESS_KEY"] = "the AWS standard credential chain",
        ["AWS_EC2_METADATA_DISABLED"] = "the AWS SDK: never ask the instance metadata endpoint",
    };

    private static readonly Lazy<HashSet<string>> Known = new(Collect);

    /// <summary>True when the environment variable (<c>Section__Key</c>) names a key the server reads.</summary>
    public static bool IsKnown(string variable) => Known.Value.Contains(variable.Replace("__", ":", StringComparison.Ordinal))
        || FrameworkKey().IsMatch(variable.Replace("__", ":", StringComparison.Ordinal));

    private static HashSet<string> Collect()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in OptionsTypes())
        {
            var section = (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                keys.Add($"{section}:{property.Name}");
            }
        }

        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "src", "MassEmail.Server", "appsettings.json")));
        AddLeaves(appsettings.RootElement, "", keys);
        return keys;
    }

    // Every MassEmail assembly next to the test binaries (the server's whole dependency tree is copied there).
    private static IEnumerable<Type> OptionsTypes() =>
        Directory.GetFiles(AppContext.BaseDirectory, "MassEmail.*.dll")
            .Select(file => Path.GetFileNameWithoutExtension(file))
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "MassEmail.Testing")
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true });

    private static void AddLeaves(JsonElement element, string prefix, HashSet<string> keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            keys.Add(prefix);
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            AddLeaves(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", keys);
        }
    }

    // Kestrel's named endpoints and endpoint defaults, and log levels per category, as ASP.NET Core documents them.
    [GeneratedRegex(@"^(Kestrel:Endpoints:[A-Za-z0-9_-]+:(Url|Protocols)|Kestrel:EndpointDefaults:Protocols|Logging:LogLevel:[A-Za-z0-9_.]+)$")]
    private static partial Regex FrameworkKey();
}
