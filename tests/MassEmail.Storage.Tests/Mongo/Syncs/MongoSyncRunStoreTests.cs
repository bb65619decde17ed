using MassEmail.Storage.Tests.Contracts.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Syncs;

public sealed class MongoSyncRunStoreTests(MongoStoreFixture fixture)
    : SyncRunStoreContract(fixture), IClassFixture<MongoStoreFixture>;
