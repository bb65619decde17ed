using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

public sealed class MongoRecordDeletionTests(MongoStoreFixture fixture)
    : RecordDeletionContract(fixture), IClassFixture<MongoStoreFixture>;
