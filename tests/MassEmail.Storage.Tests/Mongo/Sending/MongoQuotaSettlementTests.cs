using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Sending;

public sealed class MongoQuotaSettlementTests(MongoStoreFixture fixture)
    : QuotaSettlementContract(fixture), IClassFixture<MongoStoreFixture>;
