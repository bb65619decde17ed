namespace MassEmail.Testing;

/// <summary>The repository root: the first directory above the test binaries that holds MassEmail.sln.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MassEmail.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MassEmail.sln not found above {AppContext.BaseDirectory}.");
    }
}
