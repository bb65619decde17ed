using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteUserStoreTests(SqliteStoreFixture fixture)
    : UserStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
