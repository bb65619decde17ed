using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Tests.Contracts.Scheduling;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Storage.Tests.Mongo.Recipients;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Scheduling;

public sealed class MongoScheduleStoreTests(MongoStoreFixture fixture)
    : ScheduleStoreContract(fixture), IClassFixture<MongoStoreFixture>
{
    public static TheoryData<string, string[]> Declared => new()
    {
        { "schedules", ["_id_", "ix_schedules_due", "ix_schedules_org"] },
        { "schedule_occurrences", ["_id_", "ix_schedule_occurrences_fire", "ix_schedule_occurrences_waiting"] },
        { "schedule_run_slots", ["_id_", "ix_schedule_run_slots_org"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Declared))]
    public async Task InitializeAsync_Always_CreatesEveryDeclaredIndex(string collection, string[] names)
    {
        var indexes = await (await MongoRecipientsDatabase.Of(fixture).GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync();

        Assert.Equal(names, indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// What a writer killed between its decision (slot version moved, write recorded) and the write itself leaves: the
    /// next caller of the organisation applies the write, and a write checked before the decision is refused.
    /// </summary>
    [SkippableFact]
    public async Task DecidedWriteOfADeadWriter_IsAppliedByTheNextCaller_AWriteCheckedBeforeItIsRefused()
    {
        var store = Store<IScheduleStore>();
        var orgId = await NewOrgAsync();
        var now = TestData.Now();
        Schedule New() => new(Ids.New(), orgId, "Decided", RecordModule.Candidates, Ids.New(), Ids.New(), AddressChoice.Organisation,
            AddressChoice.Account, true, new DateTime(2030, 1, 7, 9, 30, 0), "Europe/Warsaw", null, Ids.New(), 1, now, now,
            new DateTimeOffset(2030, 1, 7, 8, 30, 0, TimeSpan.Zero), WaitForQuotaDay: true);
        var decided = New();
        var slots = MongoRecipientsDatabase.Of(fixture).GetCollection<ScheduleSlotVersionDocument>("schedule_slot_versions");
        var id = ScheduleSlotVersionDocument.IdOf(orgId);
        await slots.InsertOneAsync(new ScheduleSlotVersionDocument { Id = id, OrgId = orgId, Version = 1, Pending = ScheduleDocument.FromDomain(decided) });
        Assert.Null(await store.GetAsync(orgId, decided.Id, Ct));

        var stale = New();
        Assert.False(await store.InsertAsync(stale, 0, Ct));
        Assert.Equal(1, await store.SlotVersionAsync(orgId, Ct));

        Assert.Equal(decided, await store.GetAsync(orgId, decided.Id, Ct));
        Assert.Null((await slots.Find(d => d.Id == id).FirstAsync()).Pending);
        Assert.Null(await store.GetAsync(orgId, stale.Id, Ct));
        Assert.True(await store.InsertAsync(stale, 1, Ct));
        Assert.Equal(2, (await store.ListAsync(orgId, null, 10, Ct)).Count);
    }
}
