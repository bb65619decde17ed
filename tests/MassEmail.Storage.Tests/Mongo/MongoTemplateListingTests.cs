using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoTemplateListingTests(MongoStoreFixture fixture)
    : TemplateListingContract(fixture), IClassFixture<MongoStoreFixture>;
