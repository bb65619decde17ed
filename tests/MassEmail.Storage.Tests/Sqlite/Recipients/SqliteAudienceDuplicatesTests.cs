using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

public sealed class SqliteAudienceDuplicatesTests(SqliteStoreFixture fixture)
    : AudienceDuplicatesContract(fixture), IClassFixture<SqliteStoreFixture>;
