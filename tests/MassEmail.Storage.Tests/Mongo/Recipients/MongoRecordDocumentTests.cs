using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>What only the Mongo recipients stores promise: native BSON documents, encoded field names, tolerant reads.</summary>
public sealed class MongoRecordDocumentTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private IRecordStore Records => fixture.Store.Get<IRecordStore>();

    private IMongoCollection<BsonDocument> RawRecords => MongoRecipientsDatabase.Of(fixture).GetCollection<BsonDocument>("records");

    [SkippableFact]
    public async Task UpsertAsync_Record_StoresSnakeCaseElementsObjectIdsAndNativeCustomValues()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord record = RecipientData.Record(orgId) with
        {
            OwnerUserId = Ids.New(),
            Custom = RecipientData.Custom(
                ("city", FieldValue.Of("Berlin")),
                ("years", FieldValue.Of(2.5)),
                ("relocate", FieldValue.Of(true)),
                ("available", FieldValue.OfDate(1_740_787_200_123)),
                ("skills", FieldValue.Of(["C#", "SQL"]))),
        };

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);

        BsonDocument raw = await RawRecords.Find(new BsonDocument("_id", ObjectId.Parse(record.Id))).SingleAsync(Ct);
        Assert.Equal(BsonType.ObjectId, raw["org_id"].BsonType);
        Assert.Equal((int)RecordModule.Candidates, raw["module"].ToInt32());
        Assert.Equal(record.ExternalId, raw["external_id"].AsString);
        Assert.Equal(record.EmailKey, raw["email_key"].AsString);
        Assert.Equal(record.OwnerUserId, raw["owner_id"].AsString);
        Assert.Equal(BsonNull.Value, raw["client_external_id"]);
        Assert.Equal(record.ContentHash, raw["content_hash"].AsString);
        Assert.Equal(BsonType.DateTime, raw["created_at"].BsonType);
        BsonDocument custom = raw["custom"].AsBsonDocument;
        Assert.Equal("Berlin", custom["city"].AsString);
        Assert.Equal(2.5, custom["years"].AsDouble);
        Assert.True(custom["relocate"].AsBoolean);
        Assert.Equal(1_740_787_200_123, custom["available"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(new BsonArray { "C#", "SQL" }, custom["skills"].AsBsonArray);
    }

    [SkippableFact]
    public async Task UpsertAsync_CustomNamesWithDotsDollarsAndPercent_RoundTripAndFilter()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord record = RecipientData.Record(orgId) with
        {
            Custom = RecipientData.Custom(
                ("Candidates.First Name", FieldValue.Of("Ada")),
                ("$where", FieldValue.Of("x")),
                ("100% sure", FieldValue.Of(true))),
        };

        await Records.UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);

        BsonDocument custom = (await RawRecords.Find(new BsonDocument("_id", ObjectId.Parse(record.Id))).SingleAsync(Ct))["custom"].AsBsonDocument;
        Assert.Equal(["%24where", "100%25 sure", "Candidates%2EFirst Name"], custom.Names.Order(StringComparer.Ordinal));
        RecordAssert.Equal(record, await Records.GetAsync(orgId, record.Id, Ct));
        var filter = new AllOf(
        [
            new FieldFilter(new FieldPath("Candidates.First Name", true, FieldType.String), FilterOperator.Equals, [FieldValue.Of("ADA")]),
            new FieldFilter(new FieldPath("$where", true, FieldType.String), FilterOperator.IsNotEmpty, []),
            new FieldFilter(new FieldPath("100% sure", true, FieldType.Bool), FilterOperator.Equals, [FieldValue.Of(true)]),
        ]);
        Assert.Equal([record.Id], (await Records.SearchAsync(new RecordSearch(orgId, RecordModule.Candidates, filter, null, 10), Ct)).Select(r => r.Id));
    }

    [SkippableTheory]
    [InlineData("a+b(c)", FilterOperator.Contains, true)]
    [InlineData("a+b(c)", FilterOperator.StartsWith, false)]
    [InlineData(".*", FilterOperator.Contains, false)]
    [InlineData("x a+b(c) y", FilterOperator.Equals, true)]
    [InlineData("X A+B(C)", FilterOperator.StartsWith, true)]
    [InlineData("x a+b(c)", FilterOperator.Equals, false)]
    public async Task SearchAsync_RegexMetacharactersAndTrailingNewline_MatchLiterally(string operand, FilterOperator op, bool matches)
    {
        var orgId = await NewOrgAsync();

        // MongoDB's '$' would also match before a final newline; equality must not.
        RecipientRecord literal = RecipientData.Record(orgId) with { LastName = "x a+b(c) y" };
        RecipientRecord newline = RecipientData.Record(orgId) with { LastName = "x a+b(c)\n" };
        await Records.UpsertAsync(orgId, RecordModule.Candidates, [literal, newline], Ct);

        var filter = new FieldFilter(StandardFields.Path(StandardFields.LastName), op, [FieldValue.Of(operand)]);
        IReadOnlyList<RecipientRecord> found = await Records.SearchAsync(new RecordSearch(orgId, RecordModule.Candidates, filter, null, 10), Ct);

        Assert.Equal(matches, found.Any(r => r.Id == literal.Id));
        Assert.DoesNotContain(found, r => r.Id == newline.Id && op == FilterOperator.Equals);
    }

    [SkippableFact]
    public async Task GetAsync_NumbersStoredAsOtherNumericTypes_ReadsThem()
    {
        // CongoDB returns Int32 for small Int64s and whole doubles; other writers may use Int64.
        var orgId = await NewOrgAsync();
        ObjectId id = ObjectId.GenerateNewId();
        DateTime created = DateTime.UnixEpoch.AddMilliseconds(TestData.Now().ToUnixTimeMilliseconds());
        await RawRecords.InsertOneAsync(
            new BsonDocument
            {
                ["_id"] = id,
                ["org_id"] = ObjectId.Parse(orgId),
                ["module"] = new BsonInt64((long)RecordModule.Contacts),
                ["external_id"] = "drift-1",
                ["name"] = "N",
                ["first_name"] = "F",
                ["last_name"] = "L",
                ["email"] = "",
                ["email_normalized"] = "",
                ["email_status"] = new BsonInt64((long)EmailStatus.Missing),
                ["email_key"] = "",
                ["phone"] = "",
                ["owner_id"] = BsonNull.Value,
                ["client_external_id"] = BsonNull.Value,
                ["email_opt_out"] = false,
                ["custom"] = new BsonDocument { ["small"] = new BsonInt32(3), ["large"] = new BsonInt64(5_000_000_000), ["half"] = 0.5 },
                ["content_hash"] = "h",
                ["created_at"] = created,
                ["updated_at"] = created,
            },
            cancellationToken: Ct);
        await MongoRecipientsDatabase.Of(fixture).GetCollection<BsonDocument>("list_subscriptions").InsertOneAsync(
            new BsonDocument
            {
                ["org_id"] = ObjectId.Parse(orgId),
                ["list_id"] = ObjectId.Parse(Ids.New()),
                ["record_id"] = id,
                ["state"] = new BsonInt64((long)SubscriptionState.Unsubscribed),
                ["source"] = "api",
                ["at"] = created,
            },
            cancellationToken: Ct);

        RecipientRecord? record = await Records.GetAsync(orgId, id.ToString(), Ct);
        IReadOnlyList<ListSubscription> states = await fixture.Store.Get<IListSubscriptionStore>().ListForRecordAsync(orgId, id.ToString(), Ct);

        Assert.Equal(RecordModule.Contacts, record!.Module);
        Assert.Equal(EmailStatus.Missing, record.EmailStatus);
        Assert.Equal(FieldValue.Of(3.0), record.Custom["small"]);
        Assert.Equal(FieldValue.Of(5_000_000_000.0), record.Custom["large"]);
        Assert.Equal(FieldValue.Of(0.5), record.Custom["half"]);
        Assert.Equal(SubscriptionState.Unsubscribed, Assert.Single(states).State);
    }

    private async Task<string> NewOrgAsync()
    {
        Organisation org = TestData.Organisation();
        await fixture.Store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        return org.Id;
    }
}
