using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteStoreInitializerTests(SqliteStoreFixture fixture)
    : StoreInitializerContract(fixture), IClassFixture<SqliteStoreFixture>;
