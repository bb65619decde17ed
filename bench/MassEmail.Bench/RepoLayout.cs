using System.Reflection;
using System.Runtime.Versioning;

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
        return Path.Combine(FindRoot(), "src", "MassEmail.Server", "bin", configuration, $"net{version}", "MassEmail.Server.dll");
    }

    public static string DefaultReadme() => Path.Combine(FindRoot(), "bench", "README.md");

    /// <summary>The folder holding MassEmail.sln, walking up from the bench binary.</summary>
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MassEmail.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MassEmail.sln above {AppContext.BaseDirectory}; pass --server-dll and --readme.");
    }
}
