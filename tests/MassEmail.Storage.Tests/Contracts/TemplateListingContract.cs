using MassEmail.Core;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="ITemplateStore"/> must do when listing: keyset pages in (NameKey, Id) order.</summary>
public abstract class TemplateListingContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ITemplateStore Templates => Store<ITemplateStore>();

    [SkippableFact]
    public async Task ListAsync_PagesOfThree_ReturnEveryTemplateOnceInNameKeyOrder()
    {
        var orgId = await NewOrgAsync();
        List<Template> all = await InsertAsync(orgId, null, "delta", "Alpha", "charlie", "Echo", "bravo", "Golf", "foxtrot");
        await InsertAsync(await NewOrgAsync(), null, "aaa other org", "zzz other org");

        List<Template> paged = await ReadAllPagesAsync(new TemplateQuery(orgId, null, null, null, null, 3));

        Assert.Equal(Ordered(all), paged);
        Assert.Equal(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"], paged.Select(t => t.NameKey));
    }

    [SkippableFact]
    public async Task ListAsync_FolderAndNameFilter_PagesOnlyMatchingTemplates()
    {
        var orgId = await NewOrgAsync();
        var folder = Ids.New();
        var otherFolder = Ids.New();
        List<Template> matching = await InsertAsync(orgId, folder, "Spring PROMO", "promo: summer", "Autumn promo", "Winter Promotion", "xpromox");
        await InsertAsync(orgId, folder, "Newsletter", "Pro mo");
        await InsertAsync(orgId, otherFolder, "Other folder promo");
        await InsertAsync(orgId, null, "No folder promo");

        List<Template> paged = await ReadAllPagesAsync(new TemplateQuery(orgId, folder, "promo", null, null, 2));

        Assert.Equal(Ordered(matching), paged);
    }

    [SkippableTheory]
    [InlineData(".", "a.b")]
    [InlineData("%", "a%b")]
    [InlineData("_", "a_b")]
    [InlineData("(", "a(b")]
    [InlineData("*", "a*b")]
    [InlineData("\\", "a\\b")]
    [InlineData("[", "a[b")]
    [InlineData("a b", "a b")]
    public async Task ListAsync_SearchWithPatternCharacter_MatchesItLiterally(string search, string expectedName)
    {
        var orgId = await NewOrgAsync();
        await InsertAsync(orgId, null, "a.b", "axb", "a%b", "a_b", "a(b", "a*b", "a\\b", "a[b", "a b", "ab");

        IReadOnlyList<Template> found = await Templates.ListAsync(new TemplateQuery(orgId, null, search, null, null, 50), Ct);

        Assert.Equal([expectedName], found.Select(t => t.Name));
    }

    [SkippableFact]
    public async Task ListAsync_UnicodeSearch_MatchesFoldedNames()
    {
        var orgId = await NewOrgAsync();
        await InsertAsync(orgId, null, "Über offer", "Uber", "Grüße über alles", "日本語 template");

        IReadOnlyList<Template> found = await Templates.ListAsync(new TemplateQuery(orgId, null, NameKeys.For("ÜBER"), null, null, 50), Ct);
        IReadOnlyList<Template> japanese = await Templates.ListAsync(new TemplateQuery(orgId, null, "日本", null, null, 50), Ct);

        Assert.Equal(["grüße über alles", "über offer"], found.Select(t => t.NameKey));
        Assert.Equal(["日本語 template"], japanese.Select(t => t.Name));
    }

    [SkippableFact]
    public async Task ListAsync_OtherOrg_NeverSeesTemplates()
    {
        var orgId = await NewOrgAsync();
        var folder = Ids.New();
        await InsertAsync(orgId, folder, "Secret plan", "Secret budget");
        var otherOrg = await NewOrgAsync();

        Assert.Empty(await Templates.ListAsync(new TemplateQuery(otherOrg, null, null, null, null, 50), Ct));
        Assert.Empty(await Templates.ListAsync(new TemplateQuery(otherOrg, folder, null, null, null, 50), Ct));
        Assert.Empty(await Templates.ListAsync(new TemplateQuery(otherOrg, null, "secret", null, null, 50), Ct));
    }

    [SkippableFact]
    public async Task ListAsync_AfterLastTemplate_ReturnsEmpty()
    {
        var orgId = await NewOrgAsync();
        List<Template> all = await InsertAsync(orgId, null, "one", "two");
        Template last = Ordered(all)[^1];

        Assert.Empty(await Templates.ListAsync(new TemplateQuery(orgId, null, null, last.NameKey, last.Id, 10), Ct));
    }

    [SkippableFact]
    public async Task ListAsync_LimitBelowCount_ReturnsFirstTemplatesOnly()
    {
        var orgId = await NewOrgAsync();
        List<Template> all = await InsertAsync(orgId, null, "c", "a", "b");

        IReadOnlyList<Template> page = await Templates.ListAsync(new TemplateQuery(orgId, null, null, null, null, 2), Ct);

        Assert.Equal(Ordered(all).Take(2), page);
    }

    [SkippableFact]
    public async Task ListAsync_UnknownOrMalformedFolder_ReturnsEmpty()
    {
        var orgId = await NewOrgAsync();
        await InsertAsync(orgId, Ids.New(), "in a folder");

        Assert.Empty(await Templates.ListAsync(new TemplateQuery(orgId, Ids.New(), null, null, null, 10), Ct));
        Assert.Empty(await Templates.ListAsync(new TemplateQuery(orgId, "not-an-id", null, null, null, 10), Ct));
    }

    private static List<Template> Ordered(IEnumerable<Template> templates) =>
        [.. templates.OrderBy(t => t.NameKey, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal)];

    private async Task<List<Template>> InsertAsync(string orgId, string? folderId, params string[] names)
    {
        var inserted = new List<Template>();
        foreach (var name in names)
        {
            Template template = TestData.Template(orgId, name, folderId);
            await Templates.InsertAsync(template, Ct);
            inserted.Add(template);
        }

        return inserted;
    }

    // Follows the keyset from page to page, as the gRPC layer's page tokens do.
    private async Task<List<Template>> ReadAllPagesAsync(TemplateQuery first)
    {
        var all = new List<Template>();
        TemplateQuery query = first;
        for (var pages = 0; pages < 100; pages++)
        {
            IReadOnlyList<Template> page = await Templates.ListAsync(query, Ct);
            Assert.True(page.Count <= first.Limit, $"page of {page.Count} exceeds limit {first.Limit}");
            all.AddRange(page);
            if (page.Count < first.Limit)
            {
                return all;
            }

            query = query with { AfterNameKey = page[^1].NameKey, AfterId = page[^1].Id };
        }

        throw new InvalidOperationException("Listing did not end after 100 pages.");
    }
}
