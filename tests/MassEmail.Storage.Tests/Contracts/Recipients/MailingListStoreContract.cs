using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="IMailingListStore"/> must do: names unique per organisation; deleting a list keeps its records.</summary>
public abstract class MailingListStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IMailingListStore Lists => Store<IMailingListStore>();

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InsertAsync_StaticOrDynamic_GetReturnsEqualList(bool dynamic)
    {
        MailingList list = RecipientData.List(await NewOrgAsync(), "Newsletter — Ünïcødé 日本", dynamic) with { Module = RecordModule.Contacts };

        await Lists.InsertAsync(list, Ct);

        Assert.Equal(list, await Lists.GetAsync(list.OrgId, list.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Lists.InsertAsync(RecipientData.List(orgId, "Alumni"), Ct);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Lists.InsertAsync(RecipientData.List(orgId, "ALUMNI ") with { Module = RecordModule.Contacts }, Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Lists.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherOrg_Succeeds()
    {
        await Lists.InsertAsync(RecipientData.List(await NewOrgAsync(), "Alumni"), Ct);
        MailingList other = RecipientData.List(await NewOrgAsync(), "Alumni");

        await Lists.InsertAsync(other, Ct);

        Assert.Equal(other, await Lists.GetAsync(other.OrgId, other.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Lists.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_ListOfOtherOrg_ReturnsNull()
    {
        MailingList list = await InsertAsync(await NewOrgAsync());

        Assert.Null(await Lists.GetAsync(await NewOrgAsync(), list.Id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_ListsOfTwoOrgs_ReturnsOnlyOrgsListsOrderedByName()
    {
        var orgId = await NewOrgAsync();
        MailingList c = await InsertAsync(orgId, "charlie");
        MailingList a = await InsertAsync(orgId, "Alpha");
        MailingList b = await InsertAsync(orgId, "bravo");
        await InsertAsync(await NewOrgAsync(), "0 other org");

        Assert.Equal([a, b, c], await Lists.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task RenameAsync_Existing_ChangesNameAndUpdatedAtOnly()
    {
        MailingList list = await InsertAsync(await NewOrgAsync());
        DateTimeOffset at = list.UpdatedAt.AddMinutes(3);

        Assert.True(await Lists.RenameAsync(list.OrgId, list.Id, "Renamed Ü", at, Ct));

        Assert.Equal(list with { Name = "Renamed Ü", UpdatedAt = at }, await Lists.GetAsync(list.OrgId, list.Id, Ct));
    }

    [SkippableFact]
    public async Task RenameAsync_OwnNameInOtherCase_Succeeds()
    {
        MailingList list = await InsertAsync(await NewOrgAsync(), "alumni");

        Assert.True(await Lists.RenameAsync(list.OrgId, list.Id, "ALUMNI", list.UpdatedAt, Ct));

        Assert.Equal("ALUMNI", (await Lists.GetAsync(list.OrgId, list.Id, Ct))!.Name);
    }

    [SkippableFact]
    public async Task RenameAsync_UnknownOrOtherOrg_ReturnsFalseAndKeeps()
    {
        MailingList list = await InsertAsync(await NewOrgAsync());

        Assert.False(await Lists.RenameAsync(list.OrgId, Ids.New(), "x", TestData.Now(), Ct));
        Assert.False(await Lists.RenameAsync(await NewOrgAsync(), list.Id, "Hijacked", TestData.Now(), Ct));

        Assert.Equal(list, await Lists.GetAsync(list.OrgId, list.Id, Ct));
    }

    [SkippableFact]
    public async Task RenameAsync_NameTaken_ThrowsAlreadyExistsAndKeeps()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        MailingList taken = await InsertAsync(orgId, "Taken");
        MailingList list = await InsertAsync(orgId);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Lists.RenameAsync(orgId, list.Id, "TAKEN", TestData.Now(), Ct));

        Assert.Equal("name", e.Field);
        Assert.Equal(list, await Lists.GetAsync(orgId, list.Id, Ct));
        Assert.Equal(taken, await Lists.GetAsync(orgId, taken.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_Existing_RemovesListAndItsSubscriptionsButNotRecords()
    {
        var orgId = await NewOrgAsync();
        MailingList list = await InsertAsync(orgId);
        MailingList other = await InsertAsync(orgId);
        RecipientRecord record = RecipientData.Record(orgId);
        await Store<IRecordStore>().UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);
        IListSubscriptionStore subscriptions = Store<IListSubscriptionStore>();
        await subscriptions.AddAsync(orgId, list.Id, [record.Id], "api", TestData.Now(), Ct);
        await subscriptions.AddAsync(orgId, other.Id, [record.Id], "api", TestData.Now(), Ct);

        Assert.True(await Lists.DeleteAsync(orgId, list.Id, Ct));

        Assert.Null(await Lists.GetAsync(orgId, list.Id, Ct));
        Assert.Null(await subscriptions.GetAsync(orgId, list.Id, record.Id, Ct));
        Assert.Equal([other.Id], (await subscriptions.ListForRecordAsync(orgId, record.Id, Ct)).Select(s => s.ListId));
        Assert.NotNull(await Store<IRecordStore>().GetAsync(orgId, record.Id, Ct));
        Assert.False(await Lists.DeleteAsync(orgId, list.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_ListOfOtherOrg_ReturnsFalseAndKeepsListAndSubscriptions()
    {
        var orgId = await NewOrgAsync();
        MailingList list = await InsertAsync(orgId);
        var recordId = Ids.New();
        await Store<IListSubscriptionStore>().AddAsync(orgId, list.Id, [recordId], "api", TestData.Now(), Ct);

        Assert.False(await Lists.DeleteAsync(await NewOrgAsync(), list.Id, Ct));

        Assert.Equal(list, await Lists.GetAsync(orgId, list.Id, Ct));
        Assert.NotNull(await Store<IListSubscriptionStore>().GetAsync(orgId, list.Id, recordId, Ct));
    }

    private async Task<MailingList> InsertAsync(string orgId, string? name = null)
    {
        MailingList list = RecipientData.List(orgId, name);
        await Lists.InsertAsync(list, Ct);
        return list;
    }
}
