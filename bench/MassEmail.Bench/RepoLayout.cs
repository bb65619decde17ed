using System.Reflection;
using System.Runtime.Versioning;
using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>Where the repository's files are, found from the bench binary so that no path is machine-specific.</summary>
internal static class RepoLayout
{
    /// <summary>The server built in the bench's own configuration: its project reference makes
    /// <c>dotnet run -c Release --project bench/MassEmail.Bench</c> build both.</summary>
    public static string DefaultServerDll()
    {
        var assembly = typeof(RepoLayout).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? ".NETCoreApp,Version=v10.0";
        var version = framework[(framework.LastIndexOf('v') + 1)..];
        return Path.Combine(RepoRoot.Find(), "src", "MassEmail.Server", "bin", configuration, $"net{version}", "MassEmail.Server.dll");
    }

    public static string DefaultReadme() => Path.Combine(RepoRoot.Find(), "bench", "README.md");
}
