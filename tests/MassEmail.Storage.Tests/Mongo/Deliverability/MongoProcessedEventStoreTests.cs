using MassEmail.Storage.Tests.Contracts.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Deliverability;

public sealed class MongoProcessedEventStoreTests(MongoStoreFixture fixture)
    : ProcessedEventStoreContract(fixture), IClassFixture<MongoStoreFixture>;
