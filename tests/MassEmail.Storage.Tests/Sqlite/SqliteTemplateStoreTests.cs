using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteTemplateStoreTests(SqliteStoreFixture fixture)
    : TemplateStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
