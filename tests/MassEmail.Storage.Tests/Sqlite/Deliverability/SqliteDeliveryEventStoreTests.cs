using MassEmail.Storage.Tests.Contracts.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Deliverability;

public sealed class SqliteDeliveryEventStoreTests(SqliteStoreFixture fixture)
    : DeliveryEventStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
