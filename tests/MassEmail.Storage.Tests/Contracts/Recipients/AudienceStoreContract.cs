using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// What every <see cref="IAudienceStore"/> must do, on a crafted set of twelve candidates (a1…a12) whose
/// skip reasons overlap, so that precedence and duplicate rules decide each one.
/// </summary>
public abstract class AudienceStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IAudienceStore Audiences => Store<IAudienceStore>();

    [SkippableFact]
    public async Task CountAsync_WholeModule_CountsEachSkipReasonOnce()
    {
        AudienceSet set = await SeedAsync();

        AudienceCounts counts = await Audiences.CountAsync(set.Query(), Ct);

        // a2 and a12 repeat a1's address in other case; a8 repeats a7's; a6 is not a duplicate of the opted-out a5.
        Assert.Equal(new AudienceCounts(Total: 12, ValidEmail: 8, NoEmail: 2, InvalidEmail: 2, OptedOut: 2, UnsubscribedFromList: 0, Duplicate: 3), counts);
        Assert.Equal(3, counts.Eligible);
    }

    [SkippableFact]
    public async Task SampleAsync_WholeModule_ReturnsFirstRecordsInIdOrderWithReasonsAndFields()
    {
        AudienceSet set = await SeedAsync();

        IReadOnlyList<AudienceMember> sample = await Audiences.SampleAsync(set.Query(), 5, Ct);

        Assert.Equal(
            [
                set.Member("a1", SkipReason.None),
                set.Member("a2", SkipReason.Duplicate),
                set.Member("a3", SkipReason.NoEmail),
                set.Member("a4", SkipReason.InvalidEmail),
                set.Member("a5", SkipReason.OptedOut),
            ],
            sample);
    }

    [SkippableFact]
    public async Task StreamAsync_WholeModule_EqualsSampleWithHugeLimitAndMatchesCounts()
    {
        AudienceSet set = await SeedAsync();

        List<AudienceMember> streamed = await Audiences.StreamAsync(set.Query(), Ct).ToListAsync(Ct);

        Assert.Equal(await Audiences.SampleAsync(set.Query(), int.MaxValue, Ct), streamed);
        Assert.Equal(
            ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12"],
            streamed.Select(m => m.ExternalId));
        Assert.Equal(
            [SkipReason.None, SkipReason.Duplicate, SkipReason.NoEmail, SkipReason.InvalidEmail, SkipReason.OptedOut, SkipReason.None,
             SkipReason.None, SkipReason.Duplicate, SkipReason.NoEmail, SkipReason.InvalidEmail, SkipReason.OptedOut, SkipReason.Duplicate],
            streamed.Select(m => m.Skip));
        Assert.Equal(IndependentCount(set, streamed), await Audiences.CountAsync(set.Query(), Ct));
    }

    [SkippableFact]
    public async Task CountAsync_DynamicList_AddsItsUnsubscriptionsOnly()
    {
        AudienceSet set = await SeedAsync();

        AudienceQuery query = set.Query() with { ListId = set.DynamicListId, ListIsStatic = false };
        List<AudienceMember> members = await Audiences.StreamAsync(query, Ct).ToListAsync(Ct);

        // a7 unsubscribed, so a8 keeps the address; a11 unsubscribed too but opting out comes first.
        Assert.Equal(new AudienceCounts(12, 8, 2, 2, 2, 1, 2), await Audiences.CountAsync(query, Ct));
        Assert.Equal(SkipReason.UnsubscribedFromList, members.Single(m => m.ExternalId == "a7").Skip);
        Assert.Equal(SkipReason.None, members.Single(m => m.ExternalId == "a8").Skip);
        Assert.Equal(SkipReason.OptedOut, members.Single(m => m.ExternalId == "a11").Skip);
        Assert.Equal(IndependentCount(set, members), await Audiences.CountAsync(query, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_DynamicListWithFilter_IsFilterPlusUnsubscriptions()
    {
        AudienceSet set = await SeedAsync();
        var filter = new FieldFilter(StandardFields.Path(StandardFields.ExternalId), FilterOperator.InList, [FieldValue.Of("A7"), FieldValue.Of("a8"), FieldValue.Of("a1")]);

        AudienceQuery query = set.Query() with { Filter = filter, ListId = set.DynamicListId, ListIsStatic = false };

        Assert.Equal(new AudienceCounts(3, 3, 0, 0, 0, 1, 0), await Audiences.CountAsync(query, Ct));
        Assert.Equal(
            [set.Member("a1", SkipReason.None), set.Member("a7", SkipReason.UnsubscribedFromList), set.Member("a8", SkipReason.None)],
            await Audiences.SampleAsync(query, 10, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_StaticList_SelectsItsMembersWithTheirUnsubscriptions()
    {
        AudienceSet set = await SeedAsync();

        AudienceQuery query = set.Query() with { ListId = set.StaticListId, ListIsStatic = true };

        Assert.Equal(new AudienceCounts(6, 5, 1, 0, 1, 1, 1), await Audiences.CountAsync(query, Ct));
        Assert.Equal(
            [
                set.Member("a1", SkipReason.None),
                set.Member("a2", SkipReason.Duplicate),
                set.Member("a3", SkipReason.NoEmail),
                set.Member("a5", SkipReason.OptedOut),
                set.Member("a7", SkipReason.UnsubscribedFromList),
                set.Member("a8", SkipReason.None),
            ],
            await Audiences.SampleAsync(query, 100, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_RecordIds_SelectsOnlyThoseOfTheModuleAndOrg()
    {
        AudienceSet set = await SeedAsync();
        IReadOnlyList<string> ids = [set.Id("a12"), set.Id("a4"), set.ContactId, set.ForeignId, Ids.New(), set.Id("a2"), set.Id("a6")];

        AudienceQuery query = set.Query() with { RecordIds = ids };

        // a1 is not in the audience, so a2 keeps the address and a12 is its duplicate.
        Assert.Equal(new AudienceCounts(4, 3, 0, 1, 0, 0, 1), await Audiences.CountAsync(query, Ct));
        Assert.Equal(
            [set.Member("a2", SkipReason.None), set.Member("a4", SkipReason.InvalidEmail), set.Member("a6", SkipReason.None), set.Member("a12", SkipReason.Duplicate)],
            await Audiences.SampleAsync(query, 100, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_FilterRecordIdsAndStaticList_Intersects()
    {
        AudienceSet set = await SeedAsync();
        var filter = new FieldFilter(StandardFields.Path(StandardFields.ExternalId), FilterOperator.StartsWith, [FieldValue.Of("A")]);

        AudienceQuery query = set.Query() with
        {
            Filter = filter,
            RecordIds = [set.Id("a2"), set.Id("a3"), set.Id("a7"), set.Id("a9")],
            ListId = set.StaticListId,
            ListIsStatic = true,
        };

        Assert.Equal(
            [set.Member("a2", SkipReason.None), set.Member("a3", SkipReason.NoEmail), set.Member("a7", SkipReason.UnsubscribedFromList)],
            await Audiences.SampleAsync(query, 100, Ct));
        Assert.Equal(new AudienceCounts(3, 2, 1, 0, 0, 1, 0), await Audiences.CountAsync(query, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_Filter_CountsOnlyMatchingRecords()
    {
        AudienceSet set = await SeedAsync();
        var filter = new FieldFilter(StandardFields.Path(StandardFields.ExternalId), FilterOperator.StartsWith, [FieldValue.Of("a1")]);

        AudienceQuery query = set.Query() with { Filter = filter };

        // a1, a10 (invalid), a11 (opted out), a12 (a1's duplicate).
        Assert.Equal(new AudienceCounts(4, 3, 0, 1, 1, 0, 1), await Audiences.CountAsync(query, Ct));
    }

    [SkippableFact]
    public async Task EveryMethod_OtherOrg_SeesNothing()
    {
        AudienceSet set = await SeedAsync();
        AudienceQuery foreign = set.Query() with { OrgId = await NewOrgAsync(), RecordIds = [set.Id("a1")] };

        Assert.Equal(new AudienceCounts(0, 0, 0, 0, 0, 0, 0), await Audiences.CountAsync(foreign, Ct));
        Assert.Empty(await Audiences.SampleAsync(foreign with { RecordIds = null }, 10, Ct));
        Assert.Empty(await Audiences.StreamAsync(foreign with { ListId = set.StaticListId, ListIsStatic = true }, Ct).ToListAsync(Ct));
    }

    [SkippableFact]
    public async Task CountBeforeDuplicatesAsync_EveryShape_IsEligiblePlusDuplicates()
    {
        AudienceSet set = await SeedAsync();
        var filter = new FieldFilter(StandardFields.Path(StandardFields.ExternalId), FilterOperator.StartsWith, [FieldValue.Of("a1")]);
        AudienceQuery[] queries =
        [
            set.Query(),
            set.Query() with { Filter = filter },
            set.Query() with { ListId = set.DynamicListId, ListIsStatic = false },
            set.Query() with { ListId = set.StaticListId, ListIsStatic = true },
            set.Query() with { RecordIds = [set.Id("a1"), set.Id("a2"), set.Id("a5"), set.Id("a12")] },
            set.Query() with { OrgId = await NewOrgAsync() },
        ];

        foreach (AudienceQuery query in queries)
        {
            AudienceCounts counts = await Audiences.CountAsync(query, Ct);
            Assert.Equal(counts.Eligible + counts.Duplicate, await Audiences.CountBeforeDuplicatesAsync(query, Ct));
        }

        // The whole module: a1, a2, a6, a7, a8, a12 (a2, a8 and a12 are duplicates).
        Assert.Equal(6, await Audiences.CountBeforeDuplicatesAsync(set.Query(), Ct));
    }

    [SkippableFact]
    public async Task CountAsync_NoRecords_ReturnsZeros()
    {
        var query = new AudienceQuery(await NewOrgAsync(), RecordModule.Contacts, null, null, null, false);

        Assert.Equal(new AudienceCounts(0, 0, 0, 0, 0, 0, 0), await Audiences.CountAsync(query, Ct));
        Assert.Empty(await Audiences.SampleAsync(query, 10, Ct));
    }

    /// <summary>The counts recomputed from the members, independently of the store's counting query.</summary>
    private static AudienceCounts IndependentCount(AudienceSet set, IReadOnlyList<AudienceMember> members) => new(
        members.Count,
        members.Count(m => set.Records[m.ExternalId].EmailStatus == EmailStatus.Valid),
        members.Count(m => m.Skip == SkipReason.NoEmail),
        members.Count(m => m.Skip == SkipReason.InvalidEmail),
        members.Count(m => m.Skip == SkipReason.OptedOut),
        members.Count(m => m.Skip == SkipReason.UnsubscribedFromList),
        members.Count(m => m.Skip == SkipReason.Duplicate));

    private async Task<AudienceSet> SeedAsync()
    {
        var orgId = await NewOrgAsync();
        var owner = Ids.New();
        RecipientRecord R(string ext, string email, EmailStatus status, bool optOut = false) =>
            RecipientData.Record(orgId, RecordModule.Candidates, ext).WithEmail(email, status) with
            {
                FirstName = "First " + ext,
                LastName = "Last " + ext,
                OwnerUserId = ext == "a1" ? owner : null,
                EmailOptOut = optOut,
            };

        // Inserted one by one, in this order, so ids ascend a1 → a12.
        RecipientRecord[] records =
        [
            R("a1", "x@example.com", EmailStatus.Valid),
            R("a2", "X@Example.COM", EmailStatus.Valid),
            R("a3", "", EmailStatus.Missing),
            R("a4", "not-an-address", EmailStatus.Invalid),
            R("a5", "y@example.com", EmailStatus.Valid, optOut: true),
            R("a6", "Y@example.com", EmailStatus.Valid),
            R("a7", "z@example.com", EmailStatus.Valid),
            R("a8", "z@EXAMPLE.com", EmailStatus.Valid),
            R("a9", "", EmailStatus.Missing, optOut: true),
            R("a10", "bad@", EmailStatus.Invalid, optOut: true),
            R("a11", "w@example.com", EmailStatus.Valid, optOut: true),
            R("a12", "x@EXAMPLE.com", EmailStatus.Valid),
        ];
        IRecordStore store = Store<IRecordStore>();
        foreach (RecipientRecord r in records)
        {
            await store.UpsertAsync(orgId, RecordModule.Candidates, [r], Ct);
        }

        // Same addresses in another module and another organisation must not count as duplicates.
        RecipientRecord contact = RecipientData.Record(orgId, RecordModule.Contacts, "a1").WithEmail("x@example.com", EmailStatus.Valid);
        await store.UpsertAsync(orgId, RecordModule.Contacts, [contact], Ct);
        var otherOrg = await NewOrgAsync();
        RecipientRecord foreign = RecipientData.Record(otherOrg, RecordModule.Candidates, "a0").WithEmail("x@example.com", EmailStatus.Valid);
        await store.UpsertAsync(otherOrg, RecordModule.Candidates, [foreign], Ct);

        var set = new AudienceSet(orgId, records.ToDictionary(r => r.ExternalId), Ids.New(), Ids.New(), contact.Id, foreign.Id);
        IListSubscriptionStore subscriptions = Store<IListSubscriptionStore>();
        DateTimeOffset at = TestData.Now();
        await subscriptions.AddAsync(orgId, set.DynamicListId, [set.Id("a1")], "api", at, Ct);
        await subscriptions.SetAsync(new ListSubscription(orgId, set.DynamicListId, set.Id("a7"), SubscriptionState.Unsubscribed, "recipient", at), Ct);
        await subscriptions.SetAsync(new ListSubscription(orgId, set.DynamicListId, set.Id("a11"), SubscriptionState.Unsubscribed, "recipient", at), Ct);
        await subscriptions.AddAsync(orgId, set.StaticListId, [set.Id("a1"), set.Id("a2"), set.Id("a3"), set.Id("a5"), set.Id("a7"), set.Id("a8"), contact.Id], "api", at, Ct);
        await subscriptions.SetAsync(new ListSubscription(orgId, set.StaticListId, set.Id("a7"), SubscriptionState.Unsubscribed, "recipient", at), Ct);
        return set;
    }

    /// <summary>The seeded records by external id, and the lists and foreign records around them.</summary>
    private sealed record AudienceSet(
        string OrgId,
        Dictionary<string, RecipientRecord> Records,
        string StaticListId,
        string DynamicListId,
        string ContactId,
        string ForeignId)
    {
        public string Id(string externalId) => Records[externalId].Id;

        public AudienceQuery Query() => new(OrgId, RecordModule.Candidates, null, null, null, false);

        public AudienceMember Member(string externalId, SkipReason skip)
        {
            RecipientRecord r = Records[externalId];
            return new AudienceMember(r.Id, r.ExternalId, r.FirstName, r.LastName, r.Email, r.EmailNormalized, r.OwnerUserId, skip, r.EmailInvalidReason);
        }
    }
}
