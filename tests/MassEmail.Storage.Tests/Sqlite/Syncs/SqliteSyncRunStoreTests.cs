using MassEmail.Storage.Tests.Contracts.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Syncs;

public sealed class SqliteSyncRunStoreTests(SqliteStoreFixture fixture)
    : SyncRunStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
