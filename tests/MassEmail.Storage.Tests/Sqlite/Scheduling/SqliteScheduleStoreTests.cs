using MassEmail.Storage.Tests.Contracts.Scheduling;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Scheduling;

public sealed class SqliteScheduleStoreTests(SqliteStoreFixture fixture)
    : ScheduleStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
