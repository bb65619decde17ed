using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Sending;

public sealed class MongoDeliveryCountsTests(MongoStoreFixture fixture)
    : DeliveryCountsContract(fixture), IClassFixture<MongoStoreFixture>;
