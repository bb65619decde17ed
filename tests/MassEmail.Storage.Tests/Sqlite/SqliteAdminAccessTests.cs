using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteAdminAccessTests(SqliteStoreFixture fixture)
    : AdminAccessContract(fixture), IClassFixture<SqliteStoreFixture>;
