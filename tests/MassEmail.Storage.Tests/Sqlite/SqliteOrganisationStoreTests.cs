using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite;

public sealed class SqliteOrganisationStoreTests(SqliteStoreFixture fixture)
    : OrganisationStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
