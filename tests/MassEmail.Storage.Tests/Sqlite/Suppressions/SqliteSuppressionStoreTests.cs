using MassEmail.Storage.Tests.Contracts.Suppressions;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Suppressions;

public sealed class SqliteSuppressionStoreTests(SqliteStoreFixture fixture)
    : SuppressionStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
