using MassEmail.Storage.Tests.Contracts.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Deliverability;

public sealed class SqliteProcessedEventStoreTests(SqliteStoreFixture fixture)
    : ProcessedEventStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
