namespace MassEmail.Server.Tests.Deployment;

/// <summary>deploy/Dockerfile as its instructions: comments dropped, continuation lines joined, in file order.</summary>
internal sealed class DockerfileInstructions
{
    private DockerfileInstructions(IReadOnlyList<(string Keyword, string Arguments)> all) => All = all;

    public IReadOnlyList<(string Keyword, string Arguments)> All { get; }

    /// <summary>The instructions of the last stage (from its FROM on): what the image runs with.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage =>
        [.. All.Skip(All.Select((i, index) => (i.Keyword, index)).Last(i => i.Keyword == "FROM").index)];

    /// <summary>The variables the final stage's ENV instructions set (KEY=VALUE form, values without spaces or quotes).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        FinalStage.Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    public static DockerfileInstructions Load(string path)
    {
        var instructions = new List<(string, string)>();
        var current = "";
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                var parts = current.Trim().Split(' ', 2);
                instructions.Add((parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : ""));
            }

            current = "";
        }

        return new DockerfileInstructions(instructions);
    }
}
