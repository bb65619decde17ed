using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="ICustomViewStore"/> must do: names unique per organisation and module, writes conditional on version.</summary>
public abstract class CustomViewStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ICustomViewStore Views => Store<ICustomViewStore>();

    [SkippableFact]
    public async Task InsertAsync_UnicodeName_GetReturnsEqualView()
    {
        CustomView view = RecipientData.View(await NewOrgAsync(), RecordModule.Contacts, "Entwickler in München — 日本") with { Version = 5_000_000_000 };

        await Views.InsertAsync(view, Ct);

        Assert.Equal(view, await Views.GetAsync(view.OrgId, view.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenInModuleWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Views.InsertAsync(RecipientData.View(orgId, name: "Java devs"), Ct);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Views.InsertAsync(RecipientData.View(orgId, name: " JAVA DEVS"), Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Views.ListAsync(orgId, null, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherModuleOrOrg_Succeeds()
    {
        var orgId = await NewOrgAsync();
        await Views.InsertAsync(RecipientData.View(orgId, RecordModule.Candidates, "Berlin"), Ct);
        CustomView contacts = RecipientData.View(orgId, RecordModule.Contacts, "Berlin");
        CustomView foreign = RecipientData.View(await NewOrgAsync(), RecordModule.Candidates, "Berlin");

        await Views.InsertAsync(contacts, Ct);
        await Views.InsertAsync(foreign, Ct);

        Assert.Equal(contacts, await Views.GetAsync(orgId, contacts.Id, Ct));
        Assert.Equal(foreign, await Views.GetAsync(foreign.OrgId, foreign.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Views.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_ViewOfOtherOrg_ReturnsNull()
    {
        CustomView view = await InsertAsync(await NewOrgAsync());

        Assert.Null(await Views.GetAsync(await NewOrgAsync(), view.Id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_ByModuleOrAll_ReturnsOnlyOrgsViewsOrderedByName()
    {
        var orgId = await NewOrgAsync();
        CustomView c = await InsertAsync(orgId, RecordModule.Candidates, "charlie");
        CustomView a = await InsertAsync(orgId, RecordModule.Contacts, "Alpha");
        CustomView b = await InsertAsync(orgId, RecordModule.Candidates, "bravo");
        await InsertAsync(await NewOrgAsync(), RecordModule.Candidates, "0 other org");

        Assert.Equal([a, b, c], await Views.ListAsync(orgId, null, Ct));
        Assert.Equal([b, c], await Views.ListAsync(orgId, RecordModule.Candidates, Ct));
        Assert.Empty(await Views.ListAsync(orgId, RecordModule.Clients, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_ExpectedVersion_ReturnsDoneAndStoresEveryField()
    {
        CustomView stored = await InsertAsync(await NewOrgAsync());
        CustomView next = stored with { Name = "Renamed", CriteriaJson = """{"group":"or","children":[]}""", Version = 2, UpdatedAt = stored.UpdatedAt.AddMinutes(1) };

        Assert.Equal(WriteOutcome.Done, await Views.ReplaceAsync(next, 1, Ct));

        Assert.Equal(next, await Views.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_StaleVersion_ReturnsVersionMismatchAndKeepsStored()
    {
        CustomView stored = await InsertAsync(await NewOrgAsync());

        Assert.Equal(WriteOutcome.VersionMismatch, await Views.ReplaceAsync(stored with { Name = "Lost", Version = 3 }, 2, Ct));

        Assert.Equal(stored, await Views.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_UnknownOrOtherOrg_ReturnsNotFoundAndKeepsStored()
    {
        CustomView stored = await InsertAsync(await NewOrgAsync());

        Assert.Equal(WriteOutcome.NotFound, await Views.ReplaceAsync(stored with { Id = Ids.New(), Version = 2 }, 1, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Views.ReplaceAsync(stored with { OrgId = await NewOrgAsync(), Name = "Hijacked", Version = 2 }, 1, Ct));

        Assert.Equal(stored, await Views.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_NameTakenInModule_ThrowsAlreadyExistsAndKeepsStored()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        CustomView taken = await InsertAsync(orgId);
        CustomView stored = await InsertAsync(orgId);

        await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Views.ReplaceAsync(stored with { Name = taken.Name.ToUpperInvariant(), Version = 2 }, 1, Ct));

        Assert.Equal(stored, await Views.GetAsync(orgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_Existing_ReturnsTrueOnceAndRemoves()
    {
        CustomView stored = await InsertAsync(await NewOrgAsync());

        Assert.True(await Views.DeleteAsync(stored.OrgId, stored.Id, Ct));

        Assert.Null(await Views.GetAsync(stored.OrgId, stored.Id, Ct));
        Assert.False(await Views.DeleteAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_ViewOfOtherOrgOrMalformedId_ReturnsFalseAndKeeps()
    {
        CustomView stored = await InsertAsync(await NewOrgAsync());

        Assert.False(await Views.DeleteAsync(await NewOrgAsync(), stored.Id, Ct));
        Assert.False(await Views.DeleteAsync(stored.OrgId, "not-an-id", Ct));

        Assert.Equal(stored, await Views.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    private async Task<CustomView> InsertAsync(string orgId, RecordModule module = RecordModule.Candidates, string? name = null)
    {
        CustomView view = RecipientData.View(orgId, module, name);
        await Views.InsertAsync(view, Ct);
        return view;
    }
}
