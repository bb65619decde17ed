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
}
