using MassEmail.Core;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo;

/// <summary>What only the Mongo store promises: its document shape, its indexes, tolerant number reading.</summary>
public sealed class MongoStoreTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private IMongoDatabase Database
    {
        get
        {
            IServiceProvider services = fixture.Store.Services;
            return services.GetRequiredService<IMongoClient>()
                .GetDatabase(services.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database);
        }
    }

    [SkippableFact]
    public async Task InsertAsync_Template_StoresSnakeCaseElementsAndObjectIds()
    {
        Template template = TestData.Template(Ids.New(), folderId: Ids.New());
        await fixture.Store.Get<ITemplateStore>().InsertAsync(template, Ct);

        BsonDocument raw = await Database.GetCollection<BsonDocument>("templates")
            .Find(new BsonDocument("_id", ObjectId.Parse(template.Id))).SingleAsync(Ct);

        Assert.Equal(BsonType.ObjectId, raw["_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, raw["org_id"].BsonType);
        Assert.Equal(BsonType.ObjectId, raw["folder_id"].BsonType);
        Assert.Equal(template.NameKey, raw["name_key"].AsString);
        Assert.Equal(template.From!.DisplayName, raw["from"]["display_name"].AsString);
        Assert.Equal(BsonType.DateTime, raw["created_at"].BsonType);
        Assert.Equal(template.UpdatedAt, new DateTimeOffset(raw["updated_at"].ToUniversalTime()));
    }

    [SkippableFact]
    public async Task GetAsync_NumbersStoredAsOtherNumericTypes_ReadsThem()
    {
        // Servers and older writers may return Int32 for an Int64 (CongoDB does) or a double.
        DateTime created = DateTime.UnixEpoch.AddMilliseconds(TestData.Now().ToUnixTimeMilliseconds());
        ObjectId orgId = ObjectId.GenerateNewId();
        await Database.GetCollection<BsonDocument>("organisations").InsertOneAsync(
            new BsonDocument
            {
                ["_id"] = orgId,
                ["name"] = "Drift",
                ["edition"] = new BsonInt64(3),
                ["email"] = "d@example.com",
                ["postal_address"] = new BsonDocument { ["street"] = "", ["city"] = "", ["region"] = "", ["postal_code"] = "", ["country"] = "" },
                ["bulk_daily_limit_override"] = new BsonDouble(2250),
                ["created_at"] = created,
            },
            cancellationToken: Ct);
        ObjectId templateId = ObjectId.GenerateNewId();
        await Database.GetCollection<BsonDocument>("templates").InsertOneAsync(
            new BsonDocument
            {
                ["_id"] = templateId,
                ["org_id"] = orgId,
                ["name"] = "N",
                ["name_key"] = "n",
                ["folder_id"] = BsonNull.Value,
                ["subject"] = "S",
                ["html_body"] = "H",
                ["text_body"] = BsonNull.Value,
                ["from"] = BsonNull.Value,
                ["reply_to"] = BsonNull.Value,
                ["engine"] = new BsonInt64(1),
                ["description"] = "",
                ["version"] = new BsonInt32(4),
                ["created_at"] = created,
                ["updated_at"] = created,
            },
            cancellationToken: Ct);

        Organisation? org = await fixture.Store.Get<IOrganisationStore>().GetAsync(orgId.ToString(), Ct);
        Template? template = await fixture.Store.Get<ITemplateStore>().GetAsync(orgId.ToString(), templateId.ToString(), Ct);

        Assert.Equal(Edition.Professional, org!.Edition);
        Assert.Equal(2250, org.BulkDailyLimitOverride);
        Assert.Equal(4, template!.Version);
        Assert.Equal(TemplateEngineKind.Liquid, template.Engine);
        Assert.Equal(WriteOutcome.Done, await fixture.Store.Get<ITemplateStore>().ReplaceAsync(template with { Version = 5 }, 4, Ct));
    }

    [SkippableFact]
    public async Task InitializeAsync_Always_CreatesEveryDeclaredIndex()
    {
        Assert.Equal(["_id_", "ix_users_org_email", "ux_users_email"], await IndexNamesAsync("users"));
        Assert.Equal(["_id_", "ix_api_keys_org"], await IndexNamesAsync("api_keys"));
        Assert.Equal(["_id_", "ix_template_folders_org_name", "ux_template_folders_name"], await IndexNamesAsync("template_folders"));
        Assert.Equal(["_id_", "ix_templates_folder", "ix_templates_org_name", "ux_templates_name"], await IndexNamesAsync("templates"));

        BsonDocument unique = (await (await Database.GetCollection<BsonDocument>("templates").Indexes.ListAsync(Ct)).ToListAsync(Ct))
            .Single(i => i["name"] == "ux_templates_name");
        Assert.True(unique["unique"].ToBoolean());
        Assert.Equal(new BsonDocument { ["org_id"] = 1, ["name_key"] = 1 }, unique["key"].AsBsonDocument);
    }

    private async Task<List<string>> IndexNamesAsync(string collection)
    {
        List<BsonDocument> indexes = await (await Database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(Ct)).ToListAsync(Ct);
        return [.. indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal)];
    }
}
