using MassEmail.Storage.Tests.Contracts.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Syncs;

public sealed class SqliteOptOutPollStoreTests(SqliteStoreFixture fixture)
    : OptOutPollStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
