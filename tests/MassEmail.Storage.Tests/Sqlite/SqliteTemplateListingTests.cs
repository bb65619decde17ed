using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteTemplateListingTests(SqliteStoreFixture fixture)
    : TemplateListingContract(fixture), IClassFixture<SqliteStoreFixture>;
