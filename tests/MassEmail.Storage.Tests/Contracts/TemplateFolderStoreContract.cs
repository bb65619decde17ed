using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="ITemplateFolderStore"/> must do.</summary>
public abstract class TemplateFolderStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ITemplateFolderStore Folders => Store<ITemplateFolderStore>();

    [SkippableFact]
    public async Task InsertAsync_UnicodeName_GetReturnsEqualFolder()
    {
        TemplateFolder folder = TestData.Folder(await NewOrgAsync(), "Événements — 日本語");

        await Folders.InsertAsync(folder, Ct);

        Assert.Equal(folder, await Folders.GetAsync(folder.OrgId, folder.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Folders.InsertAsync(TestData.Folder(orgId, "Newsletters"), Ct);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Folders.InsertAsync(TestData.Folder(orgId, " NEWSLETTERS"), Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Folders.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherOrg_Succeeds()
    {
        await Folders.InsertAsync(TestData.Folder(await NewOrgAsync(), "Newsletters"), Ct);
        TemplateFolder other = TestData.Folder(await NewOrgAsync(), "Newsletters");

        await Folders.InsertAsync(other, Ct);

        Assert.Equal(other, await Folders.GetAsync(other.OrgId, other.Id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_FolderOfOtherOrg_ReturnsNull()
    {
        TemplateFolder folder = TestData.Folder(await NewOrgAsync());
        await Folders.InsertAsync(folder, Ct);

        Assert.Null(await Folders.GetAsync(await NewOrgAsync(), folder.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Folders.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_FoldersOfTwoOrgs_ReturnsOnlyOrgsFoldersOrderedByName()
    {
        var orgId = await NewOrgAsync();
        TemplateFolder c = TestData.Folder(orgId, "c-campaigns");
        TemplateFolder a = TestData.Folder(orgId, "A-alerts");
        TemplateFolder b = TestData.Folder(orgId, "b-bulletins");
        foreach (TemplateFolder f in new[] { c, a, b, TestData.Folder(await NewOrgAsync(), "0-other") })
        {
            await Folders.InsertAsync(f, Ct);
        }

        Assert.Equal([a, b, c], await Folders.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_Existing_ReturnsTrueAndRemovesFolder()
    {
        TemplateFolder folder = TestData.Folder(await NewOrgAsync());
        await Folders.InsertAsync(folder, Ct);

        Assert.True(await Folders.DeleteAsync(folder.OrgId, folder.Id, Ct));

        Assert.Null(await Folders.GetAsync(folder.OrgId, folder.Id, Ct));
        Assert.False(await Folders.DeleteAsync(folder.OrgId, folder.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_FolderOfOtherOrg_ReturnsFalseAndKeepsFolder()
    {
        TemplateFolder folder = TestData.Folder(await NewOrgAsync());
        await Folders.InsertAsync(folder, Ct);

        Assert.False(await Folders.DeleteAsync(await NewOrgAsync(), folder.Id, Ct));

        Assert.Equal(folder, await Folders.GetAsync(folder.OrgId, folder.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task DeleteAsync_UnknownOrMalformedId_ReturnsFalse(string id)
    {
        Assert.False(await Folders.DeleteAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_NameOfDeletedFolder_CanBeUsedAgain()
    {
        var orgId = await NewOrgAsync();
        TemplateFolder folder = TestData.Folder(orgId, "Reused");
        await Folders.InsertAsync(folder, Ct);
        await Folders.DeleteAsync(orgId, folder.Id, Ct);
        TemplateFolder again = TestData.Folder(orgId, "Reused") with { Id = Ids.New() };

        await Folders.InsertAsync(again, Ct);

        Assert.Equal([again], await Folders.ListAsync(orgId, Ct));
    }
}
