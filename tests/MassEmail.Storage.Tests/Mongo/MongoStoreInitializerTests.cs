using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoStoreInitializerTests(MongoStoreFixture fixture)
    : StoreInitializerContract(fixture), IClassFixture<MongoStoreFixture>;
