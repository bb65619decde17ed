using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Connections;

public sealed class MongoEndpointCallStoreTests(MongoStoreFixture fixture)
    : EndpointCallStoreContract(fixture), IClassFixture<MongoStoreFixture>;
