using MassEmail.Storage.Tests.Contracts.Suppressions;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Suppressions;

public sealed class MongoSuppressionStoreTests(MongoStoreFixture fixture)
    : SuppressionStoreContract(fixture), IClassFixture<MongoStoreFixture>;
