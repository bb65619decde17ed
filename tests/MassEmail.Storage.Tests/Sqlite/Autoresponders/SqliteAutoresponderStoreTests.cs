using MassEmail.Storage.Tests.Contracts.Autoresponders;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Autoresponders;

public sealed class SqliteAutoresponderStoreTests(SqliteStoreFixture fixture) : AutoresponderStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
