using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Connections;

public sealed class MongoConnectionStoreTests(MongoStoreFixture fixture)
    : ConnectionStoreContract(fixture), IClassFixture<MongoStoreFixture>;
