using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteTemplateFolderStoreTests(SqliteStoreFixture fixture)
    : TemplateFolderStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
