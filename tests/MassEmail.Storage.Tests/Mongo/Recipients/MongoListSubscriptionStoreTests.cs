using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

public sealed class MongoListSubscriptionStoreTests(MongoStoreFixture fixture)
    : ListSubscriptionStoreContract(fixture), IClassFixture<MongoStoreFixture>;
