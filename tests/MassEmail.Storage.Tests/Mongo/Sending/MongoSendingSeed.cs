using MassEmail.Core.Sending;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Sending;

/// <summary>A send to plant states under (an organisation, its user, the send), and the raw collections behind a store.</summary>
internal static class MongoSendingSeed
{
    public static async Task<MassSend> InsertSendAsync(StoreInstance store)
    {
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, CancellationToken.None);
        User user = TestData.User(org.Id);
        await store.Get<IUserStore>().CreateAsync(user, CancellationToken.None);
        MassSend send = SendingData.Send(org.Id, user.Id);
        await store.Get<IMassSendStore>().InsertOrGetAsync(send, CancellationToken.None);
        return send;
    }

    public static IMongoCollection<BsonDocument> Batches(StoreInstance store) => Collection(store, "delivery_batches");

    public static IMongoCollection<BsonDocument> Collection(StoreInstance store, string name) =>
        store.Services.GetRequiredService<IMongoClient>()
            .GetDatabase(store.Services.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database)
            .GetCollection<BsonDocument>(name);
}
