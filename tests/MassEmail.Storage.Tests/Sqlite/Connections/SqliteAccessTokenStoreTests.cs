using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Connections;

public sealed class SqliteAccessTokenStoreTests(SqliteStoreFixture fixture)
    : AccessTokenStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
