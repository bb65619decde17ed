using MassEmail.Storage.Tests.Contracts.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Connections;

public sealed class SqliteEndpointCallStoreTests(SqliteStoreFixture fixture)
    : EndpointCallStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
