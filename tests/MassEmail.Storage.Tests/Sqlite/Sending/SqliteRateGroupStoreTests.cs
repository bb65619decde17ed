using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

public sealed class SqliteRateGroupStoreTests(SqliteStoreFixture fixture)
    : RateGroupStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
