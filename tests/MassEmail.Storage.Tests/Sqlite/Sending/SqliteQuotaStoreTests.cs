using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

public sealed class SqliteQuotaStoreTests(SqliteStoreFixture fixture)
    : QuotaStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
