using System.CommandLine;
using Google.Protobuf;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Sending;

/// <summary>
/// Who a send goes to, exactly one of: <c>--view ID</c>, <c>--list ID</c>, <c>--criteria JSON</c> (the contract's
/// Criteria in proto3 JSON, or <c>@FILE</c>), <c>--records ID,ID</c>, <c>--all</c> (every record of the module).
/// </summary>
public sealed class AudienceOptions
{
    public Option<string?> View { get; } = new("--view") { Description = "A saved custom view's id" };

    public Option<string?> List { get; } = new("--list") { Description = "A mailing list's id" };

    public Option<string?> Criteria { get; } = new("--criteria") { Description = "Criteria as proto3 JSON (massemail.v1.Criteria), or @FILE holding it" };

    public Option<string[]> Records { get; } = new("--records") { Description = "Record ids, comma-separated or repeated", AllowMultipleArgumentsPerToken = true };

    public Option<bool> All { get; } = new("--all") { Description = "Every record of the module" };

    public IEnumerable<Option> Options => [View, List, Criteria, Records, All];

    public async Task<Audience> ReadAsync(CliContext context)
    {
        var chosen = new List<Audience>();
        if (context.Value(View) is { } view)
        {
            chosen.Add(new Audience { ViewId = view });
        }

        if (context.Value(List) is { } list)
        {
            chosen.Add(new Audience { ListId = list });
        }

        if (context.Value(Criteria) is { } criteria)
        {
            chosen.Add(new Audience { Criteria = await ParseCriteriaAsync(criteria, context.Cancellation) });
        }

        if (context.Value(Records) is { Length: > 0 } records)
        {
            var ids = records.SelectMany(r => r.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            chosen.Add(new Audience { RecordIds = new RecordIds { Ids = { ids } } });
        }

        if (context.Value(All))
        {
            chosen.Add(new Audience { Criteria = new Criteria { Group = new CriteriaGroup() } });
        }

        return chosen.Count == 1
            ? chosen[0]
            : throw new CliException(ExitCodes.Usage, "name the audience with exactly one of --view, --list, --criteria, --records, --all");
    }

    private static async Task<Criteria> ParseCriteriaAsync(string text, CancellationToken cancellation)
    {
        var json = text.StartsWith('@') ? await InputFile.ReadAllTextAsync(new FileInfo(text[1..]), cancellation) : text;
        try
        {
            return JsonParser.Default.Parse<Criteria>(json);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CliException(ExitCodes.BadInput, $"--criteria is not massemail.v1.Criteria in proto3 JSON: {e.Message}");
        }
        catch (InvalidJsonException e)
        {
            throw new CliException(ExitCodes.BadInput, $"--criteria is not JSON: {e.Message}");
        }
    }
}
