using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoTemplateFolderStoreTests(MongoStoreFixture fixture)
    : TemplateFolderStoreContract(fixture), IClassFixture<MongoStoreFixture>;
