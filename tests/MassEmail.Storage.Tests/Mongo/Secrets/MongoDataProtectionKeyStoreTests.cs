using MassEmail.Storage.Tests.Contracts.Secrets;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Secrets;

public sealed class MongoDataProtectionKeyStoreTests(MongoStoreFixture fixture)
    : DataProtectionKeyStoreContract(fixture), IClassFixture<MongoStoreFixture>;
