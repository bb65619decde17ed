namespace MassEmail.Bench;

/// <summary>Where benchmarks publish their results: their own marked section of bench/README.md (or <c>--readme</c>).</summary>
internal static class BenchReadme
{
    /// <summary>
    /// The usual section of a benchmark: a heading with its title and mode, what it measures, the commands
    /// that run it, and its latest results in their own marked block.
    /// </summary>
    public static void WriteSection(BenchOptions options, string name, string title, string description, string[] commands, string report) =>
        Write(options, name, $"""
            ## {title} (`{name}`)

            {description}

            ```
            {string.Join("\n", commands)}
            ```

            {MarkedBlock.Wrap(name + "-results", report)}
            """);

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
