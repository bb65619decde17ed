using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>The recipients collections get the indexes their queries rely on.</summary>
public sealed class MongoRecipientsIndexTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    public static TheoryData<string, string[]> Declared => new()
    {
        { "records", ["_id_", "ix_records_client", "ix_records_consent_pending", "ix_records_criteria_keys", "ix_records_email", "ix_records_module", "ux_records_external_id"] },
        { "custom_fields", ["_id_", "ux_custom_fields_name"] },
        { "custom_views", ["_id_", "ux_custom_views_name"] },
        { "mailing_lists", ["_id_", "ux_mailing_lists_name"] },
        { "list_subscriptions", ["_id_", "ix_list_subscriptions_at", "ix_list_subscriptions_consent_pending", "ix_list_subscriptions_record", "ux_list_subscriptions_list"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Declared))]
    public async Task InitializeAsync_Always_CreatesEveryDeclaredIndex(string collection, string[] names)
    {
        List<BsonDocument> indexes = await ListAsync(collection);

        Assert.Equal(names, indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
        Assert.All(indexes.Where(i => i["name"].AsString.StartsWith("ux_", StringComparison.Ordinal)), i => Assert.True(i["unique"].ToBoolean()));
    }

    [SkippableFact]
    public async Task InitializeAsync_Always_KeysUpsertsByOrgModuleAndExternalId()
    {
        BsonDocument upsertKey = (await ListAsync("records")).Single(i => i["name"] == "ux_records_external_id");

        Assert.Equal(new BsonDocument { ["org_id"] = 1, ["module"] = 1, ["external_id"] = 1 }, upsertKey["key"].AsBsonDocument);
    }

    private async Task<List<BsonDocument>> ListAsync(string collection) =>
        await (await MongoRecipientsDatabase.Of(fixture).GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync();
}
