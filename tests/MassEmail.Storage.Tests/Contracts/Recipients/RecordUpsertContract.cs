using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="IRecordStore"/> must do on upsert: the import path.</summary>
public abstract class RecordUpsertContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IRecordStore Records => Store<IRecordStore>();

    [SkippableFact]
    public async Task UpsertAsync_NewRecords_ReportsInsertedWithGivenIdsAndStoresThem()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord a = RecipientData.Record(orgId), b = RecipientData.Record(orgId);

        IReadOnlyList<UpsertOutcome> outcomes = await Records.UpsertAsync(orgId, RecordModule.Candidates, [a, b], Ct);

        Assert.Equal([new UpsertOutcome(UpsertResult.Inserted, a.Id), new UpsertOutcome(UpsertResult.Inserted, b.Id)], outcomes);
        RecordAssert.Equal(a, await Records.GetAsync(orgId, a.Id, Ct));
        RecordAssert.Equal(b, await Records.GetByExternalIdAsync(orgId, RecordModule.Candidates, b.ExternalId, Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_EveryFieldAndEveryCustomType_RoundTrips()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord record = RecipientData.Record(orgId, RecordModule.Contacts, "ext/ünï-😀 \"1\"") with
        {
            Name = "Zoë Ångström-日本",
            FirstName = "Zoë",
            LastName = "Ångström-日本",
            Phone = "+81 3-1234-5678",
            OwnerUserId = Ids.New(),
            ClientExternalId = "client/Ü-1",
            EmailOptOut = true,
            CreatedAt = TestData.Now().AddDays(-3),
            UpdatedAt = TestData.Now().AddDays(-1),
            Custom = RecipientData.Custom(
                ("Home city", FieldValue.Of("Zürich — 日本 😀")),
                ("empty text", FieldValue.Of("")),
                ("years", FieldValue.Of(12.75)),
                ("negative", FieldValue.Of(-3.0)),
                ("big", FieldValue.Of(9_007_199_254_740_991.0)),
                ("relocate", FieldValue.Of(false)),
                ("active", FieldValue.Of(true)),
                ("available", FieldValue.OfDate(-86_400_000)),
                ("signed", FieldValue.Of(DateTimeOffset.Parse("2031-07-04T12:34:56.789Z", System.Globalization.CultureInfo.InvariantCulture))),
                ("skills", FieldValue.Of(["C#", "Süß", "日本語", ""])),
                ("no skills", FieldValue.Of(Array.Empty<string>()))),
        };
        record = record.WithEmail("Zoë@例え.jp", EmailStatus.Valid);

        await Records.UpsertAsync(orgId, RecordModule.Contacts, [record], Ct);

        RecordAssert.Equal(record, await Records.GetAsync(orgId, record.Id, Ct));

        // The send path reads records in bulk, by another read on SQLite (the columns off the statement).
        RecordAssert.Equal([record], await Records.GetManyAsync(orgId, [record.Id], Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_MissingAndInvalidAddresses_RoundTrip()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord missing = RecipientData.Record(orgId).WithEmail("", EmailStatus.Missing);
        RecipientRecord invalid = RecipientData.Record(orgId).WithEmail("not an@address", EmailStatus.Invalid);

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [missing, invalid], Ct);

        RecordAssert.Equal(missing, await Records.GetAsync(orgId, missing.Id, Ct));
        RecordAssert.Equal(invalid, await Records.GetAsync(orgId, invalid.Id, Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_InvalidAddressReason_IsReadByEveryReadAndFollowsTheAddress()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord invalid = RecipientData.Record(orgId).WithEmail("user@exam\u200Bple.com", EmailStatus.Invalid) with
        {
            EmailInvalidReason = "contains an invisible character U+200B at position 9",
        };

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [invalid], Ct);

        RecordAssert.Equal(invalid, await Records.GetAsync(orgId, invalid.Id, Ct));
        RecordAssert.Equal([invalid], await Records.GetManyAsync(orgId, [invalid.Id], Ct));
        RecordAssert.Equal([invalid], await Records.SearchAsync(new RecordSearch(orgId, RecordModule.Candidates, null, null, 10), Ct));

        RecipientRecord fixedUp = invalid.WithEmail("user@example.com", EmailStatus.Valid) with { ContentHash = "hash-fixed" };
        await Records.UpsertAsync(orgId, RecordModule.Candidates, [fixedUp], Ct);
        RecordAssert.Equal(fixedUp, await Records.GetAsync(orgId, invalid.Id, Ct));
        Assert.Equal("", (await Records.GetAsync(orgId, invalid.Id, Ct))!.EmailInvalidReason);

        RecipientRecord broken = fixedUp.WithEmail("jürgen@example.com", EmailStatus.Invalid) with { ContentHash = "hash-broken" };
        await Records.UpsertAsync(orgId, RecordModule.Candidates, [broken], Ct);
        RecordAssert.Equal([broken], await Records.GetManyAsync(orgId, [invalid.Id], Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_ChangedHash_ReportsUpdatedKeepsIdAndCreatedAtAndStoresNewValues()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord stored = await InsertAsync(orgId);
        RecipientRecord next = stored with
        {
            Id = Ids.New(),
            FirstName = "Grace",
            ClientExternalId = "K-9",
            Custom = RecipientData.Custom(("years", FieldValue.Of(3.0))),
            ContentHash = "hash-2",
            CreatedAt = stored.CreatedAt.AddDays(5),
            UpdatedAt = stored.UpdatedAt.AddMinutes(1),
        };

        IReadOnlyList<UpsertOutcome> outcomes = await Records.UpsertAsync(orgId, RecordModule.Candidates, [next], Ct);

        Assert.Equal([new UpsertOutcome(UpsertResult.Updated, stored.Id)], outcomes);
        RecordAssert.Equal(next with { Id = stored.Id, CreatedAt = stored.CreatedAt }, await Records.GetAsync(orgId, stored.Id, Ct));
        Assert.Null(await Records.GetAsync(orgId, next.Id, Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_SameHash_ReportsUnchangedAndWritesNothing()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord stored = await InsertAsync(orgId);

        // Other values under the same hash prove nothing was written, UpdatedAt included.
        RecipientRecord again = stored with { Id = Ids.New(), FirstName = "Changed", UpdatedAt = stored.UpdatedAt.AddHours(1) };
        IReadOnlyList<UpsertOutcome> outcomes = await Records.UpsertAsync(orgId, RecordModule.Candidates, [again], Ct);

        Assert.Equal([new UpsertOutcome(UpsertResult.Unchanged, stored.Id)], outcomes);
        RecordAssert.Equal(stored, await Records.GetAsync(orgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_StoredOptOutAndSyncWithout_KeepsOptOut()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord stored = await InsertAsync(orgId, r => r with { EmailOptOut = true });

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [stored with { Id = Ids.New(), EmailOptOut = false, ContentHash = "h2" }], Ct);

        RecipientRecord? after = await Records.GetAsync(orgId, stored.Id, Ct);
        Assert.True(after!.EmailOptOut);
        Assert.Equal("h2", after.ContentHash);
    }

    [SkippableFact]
    public async Task UpsertAsync_SyncWithOptOut_SetsIt()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord stored = await InsertAsync(orgId);

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [stored with { Id = Ids.New(), EmailOptOut = true, ContentHash = "h2" }], Ct);

        Assert.True((await Records.GetAsync(orgId, stored.Id, Ct))!.EmailOptOut);
    }

    [SkippableFact]
    public async Task UpsertAsync_MixedBatchWithRepeatedExternalId_ReportsEachInOrder()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord existing = await InsertAsync(orgId);
        RecipientRecord unchanged = await InsertAsync(orgId);
        RecipientRecord fresh = RecipientData.Record(orgId);
        RecipientRecord freshAgain = fresh with { Id = Ids.New(), LastName = "Second", ContentHash = "second" };
        RecipientRecord freshSame = freshAgain with { Id = Ids.New() };

        IReadOnlyList<UpsertOutcome> outcomes = await Records.UpsertAsync(
            orgId,
            RecordModule.Candidates,
            [existing with { Id = Ids.New(), ContentHash = "changed" }, unchanged with { Id = Ids.New() }, fresh, freshAgain, freshSame],
            Ct);

        Assert.Equal(
            [
                new UpsertOutcome(UpsertResult.Updated, existing.Id),
                new UpsertOutcome(UpsertResult.Unchanged, unchanged.Id),
                new UpsertOutcome(UpsertResult.Inserted, fresh.Id),
                new UpsertOutcome(UpsertResult.Updated, fresh.Id),
                new UpsertOutcome(UpsertResult.Unchanged, fresh.Id),
            ],
            outcomes);
        Assert.Equal("Second", (await Records.GetAsync(orgId, fresh.Id, Ct))!.LastName);
    }

    [SkippableFact]
    public async Task UpsertAsync_SameExternalIdInOtherModuleAndOtherOrg_InsertsSeparateRecords()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        RecipientRecord candidate = await InsertAsync(orgId);
        RecipientRecord contact = RecipientData.Record(orgId, RecordModule.Contacts, candidate.ExternalId);
        RecipientRecord foreign = RecipientData.Record(otherOrg, RecordModule.Candidates, candidate.ExternalId);

        Assert.Equal(UpsertResult.Inserted, (await Records.UpsertAsync(orgId, RecordModule.Contacts, [contact], Ct))[0].Result);
        Assert.Equal(UpsertResult.Inserted, (await Records.UpsertAsync(otherOrg, RecordModule.Candidates, [foreign], Ct))[0].Result);

        RecordAssert.Equal(candidate, await Records.GetByExternalIdAsync(orgId, RecordModule.Candidates, candidate.ExternalId, Ct));
        RecordAssert.Equal(contact, await Records.GetByExternalIdAsync(orgId, RecordModule.Contacts, candidate.ExternalId, Ct));
        RecordAssert.Equal(foreign, await Records.GetByExternalIdAsync(otherOrg, RecordModule.Candidates, candidate.ExternalId, Ct));
    }

    [SkippableFact]
    public async Task UpsertAsync_EmptyBatch_ReturnsNoOutcomes()
    {
        Assert.Empty(await Records.UpsertAsync(await NewOrgAsync(), RecordModule.Candidates, [], Ct));
    }

    private async Task<RecipientRecord> InsertAsync(string orgId, Func<RecipientRecord, RecipientRecord>? change = null)
    {
        RecipientRecord record = RecipientData.Record(orgId);
        record = change?.Invoke(record) ?? record;
        await Records.UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);
        return record;
    }
}
