using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoUserStoreTests(MongoStoreFixture fixture)
    : UserStoreContract(fixture), IClassFixture<MongoStoreFixture>;
