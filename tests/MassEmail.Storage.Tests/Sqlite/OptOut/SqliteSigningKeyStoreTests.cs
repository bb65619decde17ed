using MassEmail.Storage.Tests.Contracts.OptOut;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.OptOut;

public sealed class SqliteSigningKeyStoreTests(SqliteStoreFixture fixture)
    : SigningKeyStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
