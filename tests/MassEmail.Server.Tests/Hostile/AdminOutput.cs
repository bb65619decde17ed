namespace MassEmail.Server.Tests.Hostile;

// TEMPORARY until the admin command's --json output lands: then this goes.
internal static class AdminOutput
{
    public static string Value(string output, string key) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
        ?? throw new InvalidOperationException($"admin printed no {key}:\n{output}");
}
