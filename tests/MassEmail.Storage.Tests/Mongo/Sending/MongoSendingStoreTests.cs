using MassEmail.Core;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Storage.Tests.Mongo.Recipients;
using MassEmail.Testing;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Sending;

/// <summary>What only the Mongo sending stores promise: document shape, indexes, recovery of a half-done start, tolerant number reading.</summary>
public sealed class MongoSendingStoreTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private IMongoDatabase Database => MongoRecipientsDatabase.Of(fixture);

    private IMassSendStore Sends => fixture.Store.Get<IMassSendStore>();

    public static TheoryData<string, string[]> Declared => new()
    {
        { "mass_sends", ["_id_", "ix_mass_sends_org", "ix_mass_sends_org_state", "ix_mass_sends_state", "ix_mass_sends_unsettled", "ux_mass_sends_idempotency_key"] },
        { "deliveries", ["_id_", "ix_deliveries_claim", "ix_deliveries_message_id", "ux_deliveries_record"] },
        { "delivery_batches", ["_id_", "ix_delivery_batches_claim", "ix_delivery_batches_lease"] },
        { "mass_send_keys", ["_id_", "ix_mass_send_keys_expiry"] },
        { "quota_counters", ["_id_", "ix_quota_counters_expiry"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Declared))]
    public async Task InitializeAsync_Always_CreatesEveryDeclaredIndex(string collection, string[] names)
    {
        List<BsonDocument> indexes = await IndexesAsync(collection);

        Assert.Equal(names, indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
        Assert.All(indexes.Where(i => i["name"].AsString.StartsWith("ux_", StringComparison.Ordinal)), i => Assert.True(i["unique"].ToBoolean()));
    }

    [SkippableFact]
    public async Task InitializeAsync_Always_KeysClaimsAndUniquenessAsQueried()
    {
        BsonDocument Key(List<BsonDocument> indexes, string name) => indexes.Single(i => i["name"] == name)["key"].AsBsonDocument;
        List<BsonDocument> deliveries = await IndexesAsync("deliveries");
        List<BsonDocument> sends = await IndexesAsync("mass_sends");
        List<BsonDocument> batches = await IndexesAsync("delivery_batches");

        Assert.Equal(new BsonDocument { ["send_id"] = 1, ["state"] = 1, ["_id"] = 1 }, Key(deliveries, "ix_deliveries_claim"));
        Assert.Equal(new BsonDocument { ["send_id"] = 1, ["record_id"] = 1 }, Key(deliveries, "ux_deliveries_record"));
        // Bounce and complaint events look deliveries up by the provider's message id. (Its partial filter, sent rows
        // only, is not checked: CongoDB, the test server, does not report partialFilterExpression in listIndexes.)
        Assert.Equal(new BsonDocument { ["message_id"] = 1 }, Key(deliveries, "ix_deliveries_message_id"));
        Assert.Equal(new BsonDocument { ["send_id"] = 1, ["state"] = 1, ["_id"] = 1 }, Key(batches, "ix_delivery_batches_claim"));
        Assert.Equal(new BsonDocument { ["state"] = 1, ["lease_until"] = 1 }, Key(batches, "ix_delivery_batches_lease"));
        Assert.Equal(new BsonDocument { ["org_id"] = 1, ["idempotency_key"] = 1 }, Key(sends, "ux_mass_sends_idempotency_key"));
    }

    [SkippableFact]
    public async Task InsertOrGetAsync_Send_StoresSnakeCaseObjectIdsAndKeyClaim()
    {
        MassSend send = await InsertSendAsync();

        BsonDocument raw = await Raw("mass_sends").Find(new BsonDocument("_id", ObjectId.Parse(send.Id))).SingleAsync(Ct);
        BsonDocument key = await Raw("mass_send_keys").Find(new BsonDocument("send_id", ObjectId.Parse(send.Id))).SingleAsync(Ct);

        Assert.Equal(BsonType.ObjectId, raw["org_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, raw["template_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, raw["created_by_user_id"].BsonType);
        Assert.Equal("2031-12-31", raw["quota_day"].AsString);
        Assert.Equal((int)SendState.Queued, raw["state"].ToInt32());
        Assert.Equal(send.IdempotencyKey, raw["idempotency_key"].AsString);
        Assert.Equal(send.RequestFingerprint, raw["request_fingerprint"].AsString);
        Assert.Equal(send.RequestFingerprint, key["send"]["request_fingerprint"].AsString);
        Assert.False(raw["snapshot_complete"].AsBoolean);
        Assert.Equal(BsonType.DateTime, raw["created_at"].BsonType);
        Assert.Equal(BsonType.ObjectId, key["_id"].BsonType);
        Assert.NotEqual(raw["_id"], key["_id"]);
        Assert.Equal(send.IdempotencyKey, key["idempotency_key"].AsString);
    }

    [SkippableFact]
    public async Task InsertOrGetAsync_KeyClaimedButSendNeverStored_CompletesTheFirstCallersSend()
    {
        // A caller that stopped between claiming the key and storing its send.
        MassSend first = await InsertSendAsync();
        await Raw("mass_sends").DeleteOneAsync(new BsonDocument("_id", ObjectId.Parse(first.Id)), Ct);
        MassSend retry = SendingData.Send(first.OrgId, first.CreatedByUserId, first.IdempotencyKey);

        MassSend returned = await Sends.InsertOrGetAsync(retry, Ct);

        Assert.Equal(first, returned);
        Assert.Equal(first, await Sends.GetAsync(first.OrgId, first.Id, Ct));
        Assert.Null(await Sends.GetAsync(first.OrgId, retry.Id, Ct));
        Assert.Equal([first], await Sends.ListAsync(first.OrgId, null, null, 10, Ct));
    }

    /// <summary>A send written by a build before request fingerprints has no such element: it reads as none.</summary>
    [SkippableFact]
    public async Task GetAsync_SendWithoutFingerprintElement_ReadsNullFingerprint()
    {
        MassSend send = await InsertSendAsync();
        await Raw("mass_sends").UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(send.Id)), new BsonDocument("$unset", new BsonDocument("request_fingerprint", "")), cancellationToken: Ct);

        Assert.Equal(send with { RequestFingerprint = null }, await Sends.GetAsync(send.OrgId, send.Id, Ct));
    }

    /// <summary>A send written by a build before the send's failure reasons has neither element: it reads as never failed.</summary>
    [SkippableFact]
    public async Task GetAsync_SendWithoutFailureElements_ReadsWithoutReasons()
    {
        MassSend stored = await InsertSendAsync();
        MassSend failed = stored.SnapshotFailed("database or disk is full").BatchFailed("disk I/O error");
        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(failed, stored.Version, Ct));
        await Raw("mass_sends").UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(stored.Id)),
            new BsonDocument("$unset", new BsonDocument { ["snapshot_error"] = "", ["batch_error"] = "" }),
            cancellationToken: Ct);

        Assert.Equal(failed with { SnapshotError = "", BatchError = "" }, await Sends.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    /// <summary>
    /// A send written by a build before quota settlement has no <c>quota_settled</c>: a completed or cancelled one reads as
    /// settled (that build settled completed sends itself and kept cancelled ones' reservations), a running one as not.
    /// </summary>
    [SkippableTheory]
    [InlineData(SendState.Completed, true)]
    [InlineData(SendState.Cancelled, true)]
    [InlineData(SendState.Paused, false)]
    public async Task GetAsync_SendWithoutQuotaSettledElement_FinalReadsSettledAndNeverListedUnsettled(SendState state, bool settled)
    {
        MassSend send = (await InsertSendAsync()) with { State = state };
        await Raw("mass_sends").UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(send.Id)),
            new BsonDocument { ["$unset"] = new BsonDocument("quota_settled", ""), ["$set"] = new BsonDocument("state", (int)state) },
            cancellationToken: Ct);

        Assert.Equal(send with { QuotaSettled = settled }, await Sends.GetAsync(send.OrgId, send.Id, Ct));
        Assert.DoesNotContain(await Sends.ListUnsettledAsync(1000, Ct), s => s.Id == send.Id);
    }

    [SkippableFact]
    public async Task GetAsync_NumbersStoredAsOtherNumericTypes_ReadsAndMatchesThem()
    {
        MassSend send = await InsertSendAsync();
        await Raw("mass_sends").UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(send.Id)),
            new BsonDocument("$set", new BsonDocument
            {
                ["version"] = new BsonInt32(1),
                ["reserved"] = new BsonDouble(120),
                ["template_version"] = new BsonDouble(3),
                ["state"] = new BsonInt64(1),
            }),
            cancellationToken: Ct);

        Assert.Equal(send, await Sends.GetAsync(send.OrgId, send.Id, Ct));
        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(send.Cancel(send.UpdatedAt), 1, Ct));
    }

    [SkippableFact]
    public async Task ClaimBatchAsync_Rows_StoresBatchWithObjectIdsAndLeaseAsDateAndRowsUntouchedUntilTheirOutcome()
    {
        MassSend send = await InsertSendAsync();
        IDeliveryStore deliveries = fixture.Store.Get<IDeliveryStore>();
        Delivery row = SendingData.Row(send);
        await deliveries.AppendAsync([row], 50, Ct);
        DateTimeOffset lease = TestData.Now().AddMinutes(1);

        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", lease, Ct))!;
        Assert.True(await deliveries.CheckpointAsync(batch, [], row.Id, TestData.Now(), lease, Ct));
        BsonDocument claimedBatch = await RawAsync("delivery_batches", row.Id);
        BsonDocument claimedRow = await RawDeliveryAsync(row.Id);
        await deliveries.ReleaseAsync(batch, [new(row.Id, DeliveryState.Sent, SkipReason.None, 1, "m", "")], TestData.Now(), Ct);
        BsonDocument done = await RawDeliveryAsync(row.Id);
        BsonDocument doneBatch = await RawAsync("delivery_batches", row.Id);

        Assert.Equal(BsonType.ObjectId, claimedBatch["send_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, claimedBatch["last_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, claimedBatch["in_flight_id"].BsonType);
        Assert.Equal((int)DeliveryBatchState.Claimed, claimedBatch["state"].ToInt32());
        Assert.Equal("worker-a", claimedBatch["owner"].AsString);
        Assert.Equal(lease, new DateTimeOffset(claimedBatch["lease_until"].ToUniversalTime()));
        Assert.Equal((int)DeliveryState.Pending, claimedRow["state"].ToInt32());
        Assert.Equal(BsonType.ObjectId, claimedRow["batch_id"].BsonType);
        Assert.Equal((int)DeliveryState.Sent, done["state"].ToInt32());
        Assert.Equal("m", done["message_id"].AsString);
        Assert.Equal((int)DeliveryBatchState.Done, doneBatch["state"].ToInt32());
        Assert.Equal(BsonNull.Value, doneBatch["token"]);
    }

    [SkippableFact]
    public async Task InitializeAsync_UnfinishedSendWithRowsOfAnEarlierBuild_ClaimedTurnUnknownAndPendingGetBatches()
    {
        MassSend send = await InsertSendAsync();
        IDeliveryStore deliveries = fixture.Store.Get<IDeliveryStore>();
        List<Delivery> rows = SendingData.Rows(send, 3);
        Delivery claimed = SendingData.Row(send) with { State = DeliveryState.Claimed, ClaimedBy = "old-worker", LeaseUntil = TestData.Now() };
        Delivery unknown = SendingData.Row(send) with { State = DeliveryState.Unknown };

        // As an earlier build stored them: no batch_id, no delivery_batches document.
        await Raw("deliveries").InsertManyAsync(
            [.. new[] { rows[0], rows[1], rows[2], claimed, unknown }.Select(d => new BsonDocument
            {
                ["_id"] = ObjectId.Parse(d.Id), ["org_id"] = ObjectId.Parse(d.OrgId), ["send_id"] = ObjectId.Parse(d.SendId),
                ["record_id"] = ObjectId.Parse(d.RecordId), ["email"] = d.Email, ["state"] = (int)d.State, ["skip"] = 0, ["attempts"] = 0,
                ["claimed_by"] = d.ClaimedBy is null ? BsonNull.Value : d.ClaimedBy, ["lease_until"] = d.LeaseUntil is { } l ? l.UtcDateTime : BsonNull.Value,
                ["message_id"] = "", ["error"] = "", ["updated_at"] = d.UpdatedAt.UtcDateTime,
            })],
            cancellationToken: Ct);

        await fixture.Store.InitializeAsync();
        await fixture.Store.InitializeAsync();

        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "new-worker", TestData.Now().AddMinutes(1), Ct))!;
        Assert.Equal(rows.Select(d => d.Id), batch.Rows.Select(d => d.Id));
        Assert.Null(await deliveries.ClaimBatchAsync(send.Id, "other", TestData.Now().AddMinutes(1), Ct));
        Assert.True(await deliveries.ReleaseAsync(batch, [.. batch.Rows.Select(d => new DeliveryOutcome(d.Id, DeliveryState.Sent, SkipReason.None, 1, "m", ""))], TestData.Now(), Ct));
        Assert.Equal(new DeliveryCounts(0, 0, 3, 0, 0, 2), await deliveries.CountAsync(send.OrgId, send.Id, Ct));

        // The UNKNOWN rows had no batch either: a requeue gives them one, so they are sent.
        Assert.Equal(2, await deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));
        Assert.Equal(new[] { claimed.Id, unknown.Id }.Order(StringComparer.Ordinal), (await deliveries.ClaimBatchAsync(send.Id, "new-worker", TestData.Now().AddMinutes(1), Ct))!.Rows.Select(d => d.Id));
    }

    [SkippableFact]
    public async Task TryReserveAsync_FirstUses_CreateOneCounterDocumentWithObjectId()
    {
        Organisation org = await NewOrgAsync();
        IQuotaStore quotas = fixture.Store.Get<IQuotaStore>();
        var day = new DateOnly(2032, 1, 2);

        await Race.RunAsync(10, _ => quotas.TryReserveAsync(org.Id, "bulk", day, 1, 100, Ct));

        BsonDocument counter = await Raw("quota_counters").Find(new BsonDocument("org_id", ObjectId.Parse(org.Id))).SingleAsync(Ct);
        Assert.Equal(BsonType.ObjectId, counter["_id"].BsonType);
        Assert.Equal("bulk", counter["counter"].AsString);
        Assert.Equal("2032-01-02", counter["day"].AsString);
        Assert.Equal(10, counter["used"].ToInt64());
    }

    [SkippableFact]
    public async Task TryReserveAsync_UsedStoredAsDouble_ReadsAndCountsOn()
    {
        Organisation org = await NewOrgAsync();
        IQuotaStore quotas = fixture.Store.Get<IQuotaStore>();
        var day = new DateOnly(2032, 1, 3);
        await quotas.TryReserveAsync(org.Id, "bulk", day, 1, 100, Ct);
        await Raw("quota_counters").UpdateOneAsync(
            new BsonDocument("org_id", ObjectId.Parse(org.Id)), new BsonDocument("$set", new BsonDocument("used", new BsonDouble(40))), cancellationToken: Ct);

        Assert.Equal((true, 50L), await quotas.TryReserveAsync(org.Id, "bulk", day, 10, 100, Ct));
        Assert.Equal((false, 50L), await quotas.TryReserveAsync(org.Id, "bulk", day, 51, 100, Ct));
    }

    private IMongoCollection<BsonDocument> Raw(string collection) => Database.GetCollection<BsonDocument>(collection);

    private Task<BsonDocument> RawDeliveryAsync(string id) => RawAsync("deliveries", id);

    private Task<BsonDocument> RawAsync(string collection, string id) =>
        Raw(collection).Find(new BsonDocument("_id", ObjectId.Parse(id))).SingleAsync(Ct);

    private async Task<Organisation> NewOrgAsync()
    {
        Organisation org = TestData.Organisation();
        await fixture.Store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        return org;
    }

    private async Task<MassSend> InsertSendAsync()
    {
        Organisation org = await NewOrgAsync();
        MassSend send = SendingData.Send(org.Id, Ids.New());
        await Sends.InsertOrGetAsync(send, Ct);
        return send;
    }

    private async Task<List<BsonDocument>> IndexesAsync(string collection) =>
        await (await Raw(collection).Indexes.ListAsync(Ct)).ToListAsync(Ct);
}
