using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoApiKeyStoreTests(MongoStoreFixture fixture)
    : ApiKeyStoreContract(fixture), IClassFixture<MongoStoreFixture>;
