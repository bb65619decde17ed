namespace MassEmail.Cli.Tests;

/// <summary>A directory of its own for one test (config home, CSV and template files), removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("massemail-cli-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
