using MassEmail.Storage.Tests.Contracts.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Deliverability;

public sealed class MongoDeliveryEventStoreTests(MongoStoreFixture fixture)
    : DeliveryEventStoreContract(fixture), IClassFixture<MongoStoreFixture>;
