using System.Text.RegularExpressions;
using MassEmail.Server.Tests.Deployment;

namespace MassEmail.Server.Tests.Docs;

/// <summary>
/// What docs/ names exists in the code today: RPCs, enum values, configuration keys, paths, links, and the MongoDB
/// collections and indexes of docs/production.md (all of them, no others), so that a rename in the code fails here.
/// </summary>
public sealed partial class DocsConsistencyTests
{
    private readonly string root = RepoRoot.Find();
    private readonly string protos = string.Join('\n', Directory.GetFiles(Path.Combine(RepoRoot.Find(), "protos", "massemail", "v1"), "*.proto").Select(File.ReadAllText));

    public static TheoryData<string> Pages() => [.. MarkdownDoc.Pages];

    [Fact]
    public void Production_ListsEveryMongoCollectionAndIndex_AndNoOther()
    {
        var mongo = Path.Combine(root, "src", "MassEmail.Storage.Mongo");
        var collections = CollectionName().Matches(File.ReadAllText(Path.Combine(mongo, "MongoCollections.cs"))).Select(m => m.Groups[1].Value).ToHashSet();
        var indexes = IndexName().Matches(File.ReadAllText(Path.Combine(mongo, "MongoIndexes.cs"))).Select(m => m.Value.Trim('"')).ToHashSet();
        var doc = MarkdownDoc.Load("docs/production.md").Text;

        var tableCollections = CollectionRow().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet();
        var docIndexes = IndexName().Matches(doc.Replace('`', '"')).Select(m => m.Value.Trim('"')).ToHashSet();

        Assert.NotEmpty(collections);
        Assert.Equal(collections.Order(), tableCollections.Order());
        Assert.Equal(indexes.Order(), docIndexes.Order());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_NamesOnlyRpcsTheProtosDefine(string page)
    {
        var unknown = RpcReference().Matches(MarkdownDoc.Load(page).Text)
            .Select(m => m.Groups["method"].Value)
            .Where(method => !protos.Contains($"rpc {method}(", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_NamesOnlyEnumValuesTheProtosDefine(string page)
    {
        var unknown = EnumValue().Matches(MarkdownDoc.Load(page).Text)
            .Select(m => m.Value)
            .Where(value => value != "PERMISSION_DENIED") // the gRPC status code, not the Permission enum
            .Where(value => !protos.Contains($" {value} = ", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_NamesOnlyConfigurationKeysTheServerReads(string page)
    {
        var text = MarkdownDoc.Load(page).Text;
        var unknown = ConfigurationKey().Matches(text).Select(m => m.Groups[1].Value)
            .Where(key => !ConfigurationKeys.IsKnown(key.Replace(":", "__", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_PathsAndLinksResolve(string page)
    {
        var doc = MarkdownDoc.Load(page);
        var missing = RepositoryPath().Matches(doc.Text).Select(m => m.Groups[1].Value)
            .Where(path => !path.Contains('*', StringComparison.Ordinal) && !File.Exists(Path.Combine(root, path)) && !Directory.Exists(Path.Combine(root, path)))
            .ToList();
        foreach (Match link in Link().Matches(doc.Text))
        {
            var target = Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(page)!, link.Groups["file"].Value));
            if (!File.Exists(target))
            {
                missing.Add(link.Value);
            }
            else if (link.Groups["anchor"].Success && !Headings(File.ReadAllText(target)).Contains(link.Groups["anchor"].Value))
            {
                missing.Add(link.Value);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Readme_LinksEveryDocsPage()
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.All(MarkdownDoc.Pages, page => Assert.Contains($"]({page})", readme, StringComparison.Ordinal));
    }

    // GitHub's anchors: lower case, punctuation dropped, spaces as '-'.
    private static HashSet<string> Headings(string markdown) =>
        [.. Heading().Matches(markdown).Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), @"[^a-z0-9 _-]", "").Replace(' ', '-'))];

    [GeneratedRegex(@"GetCollection<\w+>\(""(\w+)""[,)]")]
    private static partial Regex CollectionName();

    [GeneratedRegex(@"""(ux|ix)_[a-z_]+""")]
    private static partial Regex IndexName();

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex CollectionRow();

    [GeneratedRegex(@"\b(TemplatesService|RecipientsService|MassSendService|AdminService)/(?<method>[A-Za-z]+)")]
    private static partial Regex RpcReference();

    [GeneratedRegex(@"\b(DELIVERY_STATE|SEND_STATE|PERMISSION|CONDITION_OPERATOR|RECORD_MODULE|ADDRESS_CHOICE|SKIP_REASON|EDITION|EMAIL_STATUS|UPSERT_RESULT)_[A-Z_]+\b")]
    private static partial Regex EnumValue();

    // `Section:Key` or `Section__Key` in backticks, for the MassEmail and framework sections.
    [GeneratedRegex(@"`((?:Storage|Sending|Ses|Templates|Demo|Kestrel|Telemetry)(?:(?::|__)[A-Za-z]+)+)`")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"`((?:src|deploy|tests|tools|dev|bench|protos)/[^`\s]*)`")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"\]\((?<file>(?!https?:)[^)#\s]+)(#(?<anchor>[^)]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#+ (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
