using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteApiKeyStoreTests(SqliteStoreFixture fixture)
    : ApiKeyStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
