using MassEmail.Storage.Tests.Contracts.OptOut;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.OptOut;

public sealed class MongoSigningKeyStoreTests(MongoStoreFixture fixture)
    : SigningKeyStoreContract(fixture), IClassFixture<MongoStoreFixture>;
