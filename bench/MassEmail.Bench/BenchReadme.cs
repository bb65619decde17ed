namespace MassEmail.Bench;

/// <summary>Where benchmarks publish their results: their own marked section of bench/README.md (or <c>--readme</c>).</summary>
internal static class BenchReadme
{
    /// <summary>Replaces (or appends) the section <paramref name="name"/>, unless <c>--no-readme</c> was given.</summary>
    public static void Write(BenchOptions options, string name, string section)
    {
        if (options.NoReadme)
        {
            return;
        }

        var path = options.Readme ?? RepoLayout.DefaultReadme();
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        File.WriteAllText(path, MarkedBlock.Upsert(text, name, section));
    }
}
