using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>The service's collections, named in one place.</summary>
internal sealed class MongoCollections(IMongoDatabase database)
{
    public IMongoDatabase Database { get; } = database;

    public IMongoCollection<OrganisationDocument> Organisations { get; } = database.GetCollection<OrganisationDocument>("organisations");

    public IMongoCollection<UserDocument> Users { get; } = database.GetCollection<UserDocument>("users");

    public IMongoCollection<ApiKeyDocument> ApiKeys { get; } = database.GetCollection<ApiKeyDocument>("api_keys");

    public IMongoCollection<TemplateFolderDocument> TemplateFolders { get; } = database.GetCollection<TemplateFolderDocument>("template_folders");

    public IMongoCollection<TemplateDocument> Templates { get; } = database.GetCollection<TemplateDocument>("templates");

    public IMongoCollection<RecordDocument> Records { get; } = database.GetCollection<RecordDocument>("records");

    public IMongoCollection<CustomFieldDocument> CustomFields { get; } = database.GetCollection<CustomFieldDocument>("custom_fields");

    public IMongoCollection<CustomViewDocument> CustomViews { get; } = database.GetCollection<CustomViewDocument>("custom_views");

    public IMongoCollection<MailingListDocument> MailingLists { get; } = database.GetCollection<MailingListDocument>("mailing_lists");

    public IMongoCollection<ListSubscriptionDocument> ListSubscriptions { get; } = database.GetCollection<ListSubscriptionDocument>("list_subscriptions");

    public IMongoCollection<MassSendDocument> MassSends { get; } = database.GetCollection<MassSendDocument>("mass_sends");

    public IMongoCollection<MassSendKeyDocument> MassSendKeys { get; } = database.GetCollection<MassSendKeyDocument>("mass_send_keys");

    public IMongoCollection<DeliveryDocument> Deliveries { get; } = database.GetCollection<DeliveryDocument>("deliveries");

    public IMongoCollection<QuotaCounterDocument> QuotaCounters { get; } = database.GetCollection<QuotaCounterDocument>("quota_counters");

    public IMongoCollection<RateGroupDocument> RateGroups { get; } = database.GetCollection<RateGroupDocument>("rate_groups");
}
