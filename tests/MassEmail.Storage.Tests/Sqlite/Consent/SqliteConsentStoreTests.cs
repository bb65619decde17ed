using MassEmail.Storage.Tests.Contracts.Consent;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Consent;

public sealed class SqliteConsentStoreTests(SqliteStoreFixture fixture)
    : ConsentStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
