using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

public sealed class SqliteRecordStoreTests(SqliteStoreFixture fixture)
    : RecordStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
