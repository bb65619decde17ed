using MassEmail.Storage.Tests.Contracts.Autoresponders;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Autoresponders;

public sealed class MongoAutoresponderStoreTests(MongoStoreFixture fixture) : AutoresponderStoreContract(fixture), IClassFixture<MongoStoreFixture>;
