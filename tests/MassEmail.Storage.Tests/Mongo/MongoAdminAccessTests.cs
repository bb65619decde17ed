using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo;

public sealed class MongoAdminAccessTests(MongoStoreFixture fixture)
    : AdminAccessContract(fixture), IClassFixture<MongoStoreFixture>;
