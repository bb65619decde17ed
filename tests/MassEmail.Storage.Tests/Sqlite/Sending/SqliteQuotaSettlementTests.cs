using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

public sealed class SqliteQuotaSettlementTests(SqliteStoreFixture fixture)
    : QuotaSettlementContract(fixture), IClassFixture<SqliteStoreFixture>;
