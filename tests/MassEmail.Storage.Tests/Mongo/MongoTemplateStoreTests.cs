using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoTemplateStoreTests(MongoStoreFixture fixture)
    : TemplateStoreContract(fixture), IClassFixture<MongoStoreFixture>;
