using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoOrganisationStoreTests(MongoStoreFixture fixture)
    : OrganisationStoreContract(fixture), IClassFixture<MongoStoreFixture>;
