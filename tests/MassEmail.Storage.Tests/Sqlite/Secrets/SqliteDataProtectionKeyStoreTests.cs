using MassEmail.Storage.Tests.Contracts.Secrets;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Secrets;

public sealed class SqliteDataProtectionKeyStoreTests(SqliteStoreFixture fixture)
    : DataProtectionKeyStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
