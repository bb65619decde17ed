using MassEmail.Core.Connections;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Connections;

public sealed class MongoEndpointCallStoreTests(MongoStoreFixture fixture)
    : EndpointCallStoreContract(fixture), IClassFixture<MongoStoreFixture>
{
    [SkippableFact]
    public async Task TryEnter_EachBucketCarriesTheTimeItExpires_WhichTheTtlIndexRemovesItBy()
    {
        var connection = Guid.NewGuid().ToString("N");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_767_261_600_000);
        CallWindow[] windows = [new(3, TimeSpan.FromMinutes(1)), new(5, TimeSpan.FromHours(1))];

        await Fixture.Store.Get<IEndpointCallStore>().TryEnterAsync(connection, "json/listsubscribe", windows, t0.AddSeconds(10), Ct);

        var collections = Fixture.Store.Get<MongoCollections>();
        var buckets = await collections.EndpointCalls.Find(d => d.ConnectionId == connection).SortBy(d => d.PeriodMilliseconds).ToListAsync(Ct);
        Assert.Equal(
            [(60_000L, t0.AddSeconds(10), t0.AddSeconds(71), 1L), (3_600_000L, t0, t0.AddHours(1).AddMinutes(1), 1L)],
            buckets.Select(b => (b.PeriodMilliseconds, b.BucketStart, b.ExpireAt, b.Calls)));
        Assert.Contains(MongoIndexes.Declared(collections), i => i.Collection == "endpoint_calls" && i.ExpireAfter == TimeSpan.Zero);
    }
}
