using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Sending;

public sealed class MongoRateGroupStoreTests(MongoStoreFixture fixture)
    : RateGroupStoreContract(fixture), IClassFixture<MongoStoreFixture>;
