using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="IRecordStore"/> must do besides upserting: reads, deletes, search, opt-out; each within one organisation.</summary>
public abstract class RecordStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IRecordStore Records => Store<IRecordStore>();

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Records.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_RecordOfOtherOrg_ReturnsNull()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());

        Assert.Null(await Records.GetAsync(await NewOrgAsync(), record.Id, Ct));
    }

    [SkippableFact]
    public async Task GetByExternalIdAsync_OtherOrgOrOtherModule_ReturnsNull()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());

        Assert.Null(await Records.GetByExternalIdAsync(await NewOrgAsync(), RecordModule.Candidates, record.ExternalId, Ct));
        Assert.Null(await Records.GetByExternalIdAsync(record.OrgId, RecordModule.Contacts, record.ExternalId, Ct));
        Assert.Null(await Records.GetByExternalIdAsync(record.OrgId, RecordModule.Candidates, record.ExternalId.ToUpperInvariant(), Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_Existing_RemovesRecordAndItsSubscriptionsOnly()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord record = await InsertAsync(orgId);
        RecipientRecord other = await InsertAsync(orgId);
        IListSubscriptionStore subscriptions = Store<IListSubscriptionStore>();
        string listA = Ids.New(), listB = Ids.New();
        await subscriptions.AddAsync(orgId, listA, [record.Id, other.Id], "api", TestData.Now(), Ct);
        await subscriptions.SetAsync(new ListSubscription(orgId, listB, record.Id, SubscriptionState.Unsubscribed, "recipient", TestData.Now()), Ct);

        Assert.True(await Records.DeleteAsync(orgId, record.Id, TestData.Now(), Ct));

        Assert.Null(await Records.GetAsync(orgId, record.Id, Ct));
        Assert.Null(await Records.GetByExternalIdAsync(orgId, RecordModule.Candidates, record.ExternalId, Ct));
        Assert.Empty(await subscriptions.ListForRecordAsync(orgId, record.Id, Ct));
        Assert.NotNull(await subscriptions.GetAsync(orgId, listA, other.Id, Ct));
        RecordAssert.Equal(other, await Records.GetAsync(orgId, other.Id, Ct));
        Assert.False(await Records.DeleteAsync(orgId, record.Id, TestData.Now(), Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_RecordOfOtherOrg_ReturnsFalseAndKeepsIt()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());

        Assert.False(await Records.DeleteAsync(await NewOrgAsync(), record.Id, TestData.Now(), Ct));
        Assert.False(await Records.DeleteAsync(record.OrgId, "not-an-id", TestData.Now(), Ct));

        RecordAssert.Equal(record, await Records.GetAsync(record.OrgId, record.Id, Ct));
    }

    [SkippableFact]
    public async Task SearchAsync_PagesOfSeven_ReturnEveryRecordOfTheModuleOnceInIdOrder()
    {
        var orgId = await NewOrgAsync();
        List<RecipientRecord> all = [];
        for (var i = 0; i < 25; i++)
        {
            all.Add(await InsertAsync(orgId));
        }

        await InsertAsync(orgId, RecordModule.Contacts);
        await InsertAsync(await NewOrgAsync());

        List<RecipientRecord> paged = await ReadAllPagesAsync(new RecordSearch(orgId, RecordModule.Candidates, null, null, 7));

        RecordAssert.Equal(all.OrderBy(r => r.Id, StringComparer.Ordinal), paged);
    }

    [SkippableFact]
    public async Task SearchAsync_WithFilter_PagesOnlyMatchingRecords()
    {
        var orgId = await NewOrgAsync();
        List<RecipientRecord> matching = [];
        for (var i = 0; i < 12; i++)
        {
            RecipientRecord r = await InsertAsync(orgId, change: r => r with { LastName = i % 3 == 0 ? "MÜLLER" : "Other" });
            if (i % 3 == 0)
            {
                matching.Add(r);
            }
        }

        var filter = new FieldFilter(StandardFields.Path(StandardFields.LastName), FilterOperator.Equals, [FieldValue.Of("müller")]);
        List<RecipientRecord> paged = await ReadAllPagesAsync(new RecordSearch(orgId, RecordModule.Candidates, filter, null, 2));

        RecordAssert.Equal(matching.OrderBy(r => r.Id, StringComparer.Ordinal), paged);
    }

    [SkippableFact]
    public async Task SearchAsync_OtherOrg_ReturnsNothing()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());

        Assert.Empty(await Records.SearchAsync(new RecordSearch(await NewOrgAsync(), RecordModule.Candidates, null, null, 10), Ct));
        Assert.Single(await Records.SearchAsync(new RecordSearch(record.OrgId, RecordModule.Candidates, null, null, 10), Ct));
    }

    [SkippableFact]
    public async Task SetEmailOptOutAsync_SetThenClear_ChangesFlagAndUpdatedAtNotHash()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());
        DateTimeOffset at = record.UpdatedAt.AddMinutes(5);

        Assert.True(await Records.SetEmailOptOutAsync(record.OrgId, record.Id, true, at, Ct));
        RecordAssert.Equal(record with { EmailOptOut = true, UpdatedAt = at }, await Records.GetAsync(record.OrgId, record.Id, Ct));

        Assert.True(await Records.SetEmailOptOutAsync(record.OrgId, record.Id, false, at.AddMinutes(1), Ct));
        RecordAssert.Equal(record with { UpdatedAt = at.AddMinutes(1) }, await Records.GetAsync(record.OrgId, record.Id, Ct));
    }

    [SkippableFact]
    public async Task SetEmailOptOutAsync_ThenSyncWithoutOptOut_StaysOptedOut()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());
        await Records.SetEmailOptOutAsync(record.OrgId, record.Id, true, TestData.Now(), Ct);

        await Records.UpsertAsync(record.OrgId, RecordModule.Candidates, [record with { Id = Ids.New(), ContentHash = "resync" }], Ct);

        Assert.True((await Records.GetAsync(record.OrgId, record.Id, Ct))!.EmailOptOut);
    }

    [SkippableFact]
    public async Task SetEmailOptOutAsync_UnknownOrOtherOrg_ReturnsFalseAndChangesNothing()
    {
        RecipientRecord record = await InsertAsync(await NewOrgAsync());

        Assert.False(await Records.SetEmailOptOutAsync(await NewOrgAsync(), record.Id, true, TestData.Now(), Ct));
        Assert.False(await Records.SetEmailOptOutAsync(record.OrgId, Ids.New(), true, TestData.Now(), Ct));
        Assert.False(await Records.SetEmailOptOutAsync(record.OrgId, "not-an-id", true, TestData.Now(), Ct));

        RecordAssert.Equal(record, await Records.GetAsync(record.OrgId, record.Id, Ct));
    }

    [SkippableFact]
    public async Task FindExistingAsync_MixedIds_ReturnsOnlyRecordsOfTheOrgAndModule()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord a = await InsertAsync(orgId), b = await InsertAsync(orgId);
        RecipientRecord contact = await InsertAsync(orgId, RecordModule.Contacts);
        RecipientRecord foreign = await InsertAsync(await NewOrgAsync());

        IReadOnlyList<string> found = await Records.FindExistingAsync(
            orgId, RecordModule.Candidates, [b.Id, contact.Id, foreign.Id, Ids.New(), "not-an-id", a.Id, b.Id], Ct);

        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), found.Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(await Records.FindExistingAsync(orgId, RecordModule.Candidates, [], Ct));
    }

    [SkippableFact]
    public async Task GetManyAsync_MixedIds_ReturnsWholeRecordsOfTheOrgInIdOrder()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord a = await InsertAsync(orgId), b = await InsertAsync(orgId);
        RecipientRecord contact = await InsertAsync(orgId, RecordModule.Contacts);
        RecipientRecord foreign = await InsertAsync(await NewOrgAsync());

        IReadOnlyList<RecipientRecord> found = await Records.GetManyAsync(orgId, [b.Id, contact.Id, foreign.Id, Ids.New(), "not-an-id", a.Id, b.Id], Ct);

        RecordAssert.Equal(new[] { a, b, contact }.OrderBy(r => r.Id, StringComparer.Ordinal), found);

        Assert.Empty(await Records.GetManyAsync(orgId, [], Ct));
    }

    [SkippableFact]
    public async Task GetManyAsync_RecordsWithCustomFields_EachHasItsOwnFieldsOfEveryType()
    {
        // Read after the query is done, from several rows: a store that reads the custom fields only when asked must have
        // kept each row's own text.
        var orgId = await NewOrgAsync();
        List<RecipientRecord> written = [];
        for (var i = 0; i < 3; i++)
        {
            written.Add(await InsertAsync(orgId, change: r => r with
            {
                Custom = RecipientData.Custom(
                    ("city", FieldValue.Of($"City {i}")),
                    ("years", FieldValue.Of(i + 0.5)),
                    ("active", FieldValue.Of(i % 2 == 0)),
                    ("available", FieldValue.OfDate(1_700_000_000_000 + i)),
                    ("skills", FieldValue.Of([$"skill {i}", "sql"]))),
            }));
        }

        IReadOnlyList<RecipientRecord> found = await Records.GetManyAsync(orgId, [.. written.Select(r => r.Id)], Ct);

        RecordAssert.Equal(written.OrderBy(r => r.Id, StringComparer.Ordinal), found);
        Assert.All(found, r => Assert.Equal(FieldType.Date, r.Custom["available"].Type));
    }

    [SkippableFact]
    public async Task FindByEmailKeyAsync_ReturnsTheModulesRecordsOfThatKeyInIdOrderUpToLimit()
    {
        var orgId = await NewOrgAsync();
        var key = $"shared-{Guid.NewGuid():N}@example.com";
        RecipientRecord first = await InsertAsync(orgId, change: r => r.WithEmail(key, EmailStatus.Valid));
        RecipientRecord second = await InsertAsync(orgId, change: r => r.WithEmail(key.ToUpperInvariant(), EmailStatus.Valid));
        await InsertAsync(orgId, RecordModule.Contacts, r => r.WithEmail(key, EmailStatus.Valid));
        await InsertAsync(await NewOrgAsync(), change: r => r.WithEmail(key, EmailStatus.Valid));
        await InsertAsync(orgId);

        var found = await Records.FindByEmailKeyAsync(orgId, RecordModule.Candidates, key, 10, Ct);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), found.Select(r => r.Id));
        Assert.Single(await Records.FindByEmailKeyAsync(orgId, RecordModule.Candidates, key, 1, Ct));
        Assert.Empty(await Records.FindByEmailKeyAsync(orgId, RecordModule.Candidates, "nobody@example.com", 10, Ct));
        Assert.Empty(await Records.FindByEmailKeyAsync("not-an-id", RecordModule.Candidates, key, 10, Ct));
    }

    private async Task<RecipientRecord> InsertAsync(
        string orgId, RecordModule module = RecordModule.Candidates, Func<RecipientRecord, RecipientRecord>? change = null)
    {
        RecipientRecord record = RecipientData.Record(orgId, module);
        record = change?.Invoke(record) ?? record;
        await Records.UpsertAsync(orgId, module, [record], Ct);
        return record;
    }

    private async Task<List<RecipientRecord>> ReadAllPagesAsync(RecordSearch first)
    {
        List<RecipientRecord> all = [];
        RecordSearch search = first;
        while (true)
        {
            IReadOnlyList<RecipientRecord> page = await Records.SearchAsync(search, Ct);
            Assert.True(page.Count <= first.Limit);
            all.AddRange(page);
            if (page.Count < first.Limit)
            {
                return all;
            }

            search = search with { AfterId = page[^1].Id };
        }
    }
}
