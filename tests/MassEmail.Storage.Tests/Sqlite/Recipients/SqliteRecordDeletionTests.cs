using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

public sealed class SqliteRecordDeletionTests(SqliteStoreFixture fixture)
    : RecordDeletionContract(fixture), IClassFixture<SqliteStoreFixture>;
