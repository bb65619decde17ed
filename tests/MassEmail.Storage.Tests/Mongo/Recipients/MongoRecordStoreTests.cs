using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

public sealed class MongoRecordStoreTests(MongoStoreFixture fixture)
    : RecordStoreContract(fixture), IClassFixture<MongoStoreFixture>;
