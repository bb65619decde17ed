using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="ITemplateStore"/> must do when storing, replacing and deleting.</summary>
public abstract class TemplateStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ITemplateStore Templates => Store<ITemplateStore>();

    [SkippableFact]
    public async Task InsertAsync_EveryFieldSet_GetReturnsEqualTemplate()
    {
        var orgId = await NewOrgAsync();
        Template template = TestData.Template(orgId, "Bienvenue, Zoë! 🎉 日本", Ids.New()) with
        {
            Engine = TemplateEngineKind.Razor,
            Version = 7,
            Description = "Ünïcødé description",
            UpdatedAt = TestData.Now().AddDays(1),
        };

        await Templates.InsertAsync(template, Ct);

        Assert.Equal(template, await Templates.GetAsync(orgId, template.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_OptionalFieldsNull_GetReturnsNulls()
    {
        var orgId = await NewOrgAsync();
        Template template = TestData.Template(orgId) with { FolderId = null, TextBody = null, From = null, ReplyTo = null, Description = "" };

        await Templates.InsertAsync(template, Ct);

        Template? stored = await Templates.GetAsync(orgId, template.Id, Ct);
        Assert.Equal(template, stored);
        Assert.Null(stored!.From);
        Assert.Null(stored.ReplyTo);
    }

    [SkippableFact]
    public async Task InsertAsync_MailboxesWithEmptyParts_GetReturnsThemNotNull()
    {
        var orgId = await NewOrgAsync();
        Template template = TestData.Template(orgId) with
        {
            From = new Mailbox("news@acme.example", ""),
            ReplyTo = new Mailbox("", ""),
            TextBody = "",
        };

        await Templates.InsertAsync(template, Ct);

        Assert.Equal(template, await Templates.GetAsync(orgId, template.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Templates.InsertAsync(TestData.Template(orgId, "Welcome"), Ct);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Templates.InsertAsync(TestData.Template(orgId, "WELCOME "), Ct));

        Assert.Equal("name", e.Field);
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherOrg_Succeeds()
    {
        await Templates.InsertAsync(TestData.Template(await NewOrgAsync(), "Welcome"), Ct);
        Template other = TestData.Template(await NewOrgAsync(), "Welcome");

        await Templates.InsertAsync(other, Ct);

        Assert.Equal(other, await Templates.GetAsync(other.OrgId, other.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Templates.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_TemplateOfOtherOrg_ReturnsNull()
    {
        Template template = TestData.Template(await NewOrgAsync());
        await Templates.InsertAsync(template, Ct);

        Assert.Null(await Templates.GetAsync(await NewOrgAsync(), template.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_ExpectedVersion_ReturnsDoneAndStoresEveryField()
    {
        Template stored = await InsertAsync();
        Template next = stored with
        {
            Name = "Renamed",
            FolderId = Ids.New(),
            Subject = "New subject",
            HtmlBody = "<p>new</p>",
            TextBody = null,
            From = null,
            ReplyTo = new Mailbox("r@acme.example", "R"),
            Engine = TemplateEngineKind.Razor,
            Description = "changed",
            Version = stored.Version + 1,
            UpdatedAt = stored.UpdatedAt.AddMinutes(1),
        };

        Assert.Equal(WriteOutcome.Done, await Templates.ReplaceAsync(next, stored.Version, Ct));

        Assert.Equal(next, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_VersionBeyondInt32_MatchesAndRoundTrips()
    {
        const long big = 5_000_000_000;
        Template stored = TestData.Template(await NewOrgAsync()) with { Version = big };
        await Templates.InsertAsync(stored, Ct);
        Template next = stored with { Subject = "next", Version = big + 1 };

        Assert.Equal(WriteOutcome.Done, await Templates.ReplaceAsync(next, big, Ct));

        Assert.Equal(next, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
        Assert.Equal(WriteOutcome.Done, await Templates.DeleteAsync(stored.OrgId, stored.Id, big + 1, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_StaleVersion_ReturnsVersionMismatchAndKeepsStored()
    {
        Template stored = await InsertAsync();

        WriteOutcome outcome = await Templates.ReplaceAsync(stored with { Name = "Lost update", Version = 3 }, stored.Version + 1, Ct);

        Assert.Equal(WriteOutcome.VersionMismatch, outcome);
        Assert.Equal(stored, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_UnknownTemplate_ReturnsNotFound()
    {
        Template never = TestData.Template(await NewOrgAsync());

        Assert.Equal(WriteOutcome.NotFound, await Templates.ReplaceAsync(never with { Version = 2 }, 1, Ct));
        Assert.Null(await Templates.GetAsync(never.OrgId, never.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_TemplateOfOtherOrg_ReturnsNotFoundAndKeepsStored()
    {
        Template stored = await InsertAsync();
        Template intruder = stored with { OrgId = await NewOrgAsync(), Name = "Hijacked", Version = 2 };

        Assert.Equal(WriteOutcome.NotFound, await Templates.ReplaceAsync(intruder, stored.Version, Ct));
        Assert.Equal(stored, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_NameTakenByAnotherTemplate_ThrowsAlreadyExistsAndKeepsStored()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        Template taken = await InsertAsync();
        Template stored = await InsertAsync(taken.OrgId);

        await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Templates.ReplaceAsync(stored with { Name = taken.Name.ToUpperInvariant(), Version = 2 }, 1, Ct));

        Assert.Equal(stored, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_OwnNameInOtherCase_ReturnsDone()
    {
        Template stored = await InsertAsync();
        Template next = stored with { Name = stored.Name.ToUpperInvariant(), Version = 2 };

        Assert.Equal(WriteOutcome.Done, await Templates.ReplaceAsync(next, 1, Ct));
        Assert.Equal(next, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(1L)]
    public async Task DeleteAsync_AnyOrCurrentVersion_ReturnsDoneAndRemoves(long? expectedVersion)
    {
        Template stored = await InsertAsync();

        Assert.Equal(WriteOutcome.Done, await Templates.DeleteAsync(stored.OrgId, stored.Id, expectedVersion, Ct));

        Assert.Null(await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_StaleVersion_ReturnsVersionMismatchAndKeeps()
    {
        Template stored = await InsertAsync();

        Assert.Equal(WriteOutcome.VersionMismatch, await Templates.DeleteAsync(stored.OrgId, stored.Id, 2, Ct));
        Assert.Equal(stored, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(1L)]
    public async Task DeleteAsync_UnknownTemplate_ReturnsNotFound(long? expectedVersion)
    {
        Assert.Equal(WriteOutcome.NotFound, await Templates.DeleteAsync(await NewOrgAsync(), Ids.New(), expectedVersion, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Templates.DeleteAsync(await NewOrgAsync(), "not-an-id", expectedVersion, Ct));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(1L)]
    [InlineData(2L)]
    public async Task DeleteAsync_TemplateOfOtherOrg_ReturnsNotFoundAndKeeps(long? expectedVersion)
    {
        Template stored = await InsertAsync();

        Assert.Equal(WriteOutcome.NotFound, await Templates.DeleteAsync(await NewOrgAsync(), stored.Id, expectedVersion, Ct));
        Assert.Equal(stored, await Templates.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task AnyInFolderAsync_TemplateInFolder_ReturnsTrueOnlyForThatFolderAndOrg()
    {
        var folderId = Ids.New();
        Template stored = await InsertAsync(folderId: folderId);

        Assert.True(await Templates.AnyInFolderAsync(stored.OrgId, folderId, Ct));
        Assert.False(await Templates.AnyInFolderAsync(stored.OrgId, Ids.New(), Ct));
        Assert.False(await Templates.AnyInFolderAsync(await NewOrgAsync(), folderId, Ct));
        Assert.False(await Templates.AnyInFolderAsync(stored.OrgId, "not-an-id", Ct));
    }

    [SkippableFact]
    public async Task AnyInFolderAsync_LastTemplateMovedOut_ReturnsFalse()
    {
        var folderId = Ids.New();
        Template stored = await InsertAsync(folderId: folderId);

        await Templates.ReplaceAsync(stored with { FolderId = null, Version = 2 }, 1, Ct);

        Assert.False(await Templates.AnyInFolderAsync(stored.OrgId, folderId, Ct));
    }

    private async Task<Template> InsertAsync(string? orgId = null, string? folderId = null)
    {
        Template template = TestData.Template(orgId ?? await NewOrgAsync(), folderId: folderId);
        await Templates.InsertAsync(template, Ct);
        return template;
    }
}
