using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

public sealed class SqliteDeliveryCountsTests(SqliteStoreFixture fixture)
    : DeliveryCountsContract(fixture), IClassFixture<SqliteStoreFixture>;
