using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Every index of the store, declared here and nowhere else. Each starts with <c>org_id</c>, so an
/// organisation's queries touch only its own entries, except the sending workers' ones, which serve
/// every organisation (by state) or one send (by <c>send_id</c>, a send being in one organisation).
/// Names are explicit so that a changed definition fails loudly at start-up instead of silently
/// creating a second index.
/// </summary>
internal static class MongoIndexes
{
    public static async Task CreateAllAsync(MongoCollections c, CancellationToken ct)
    {
        // Organisations need none beyond _id, which is the organisation id.
        await c.Users.Indexes.CreateManyAsync(
            [
                Unique<UserDocument>("ux_users_email", Builders<UserDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.EmailKey)),
            ],
            ct);

        await c.ApiKeys.Indexes.CreateManyAsync(
            [
                // Newest-first listing of an organisation's keys.
                Plain<ApiKeyDocument>("ix_api_keys_org", Builders<ApiKeyDocument>.IndexKeys.Ascending(d => d.OrgId).Descending(d => d.CreatedAt).Descending(d => d.Id)),
            ],
            ct);

        await c.TemplateFolders.Indexes.CreateManyAsync(
            [
                Unique<TemplateFolderDocument>("ux_template_folders_name", Builders<TemplateFolderDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
            ],
            ct);

        await c.Templates.Indexes.CreateManyAsync(
            [
                // Uniqueness, and the (name_key, _id) keyset listing of a whole organisation.
                Unique<TemplateDocument>("ux_templates_name", Builders<TemplateDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
                // AnyInFolder and listings filtered by folder.
                Plain<TemplateDocument>("ix_templates_folder", Builders<TemplateDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.FolderId).Ascending(d => d.NameKey)),
            ],
            ct);

        await c.Records.Indexes.CreateManyAsync(
            [
                // Upsert by external id, and the lookup of client records by client conditions.
                Unique<RecordDocument>("ux_records_external_id", Builders<RecordDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.ExternalId)),
                // Keyset searches and audience streams of a module, in id order.
                Plain<RecordDocument>("ix_records_module", Builders<RecordDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.Id)),
                // Candidates and contacts of the clients a client condition selected.
                Plain<RecordDocument>("ix_records_client", Builders<RecordDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.ClientExternalId)),
            ],
            ct);

        await c.CustomFields.Indexes.CreateManyAsync(
            [
                Unique<CustomFieldDocument>("ux_custom_fields_name", Builders<CustomFieldDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.Name)),
            ],
            ct);

        await c.CustomViews.Indexes.CreateManyAsync(
            [
                Unique<CustomViewDocument>("ux_custom_views_name", Builders<CustomViewDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.NameKey)),
            ],
            ct);

        await c.MailingLists.Indexes.CreateManyAsync(
            [
                Unique<MailingListDocument>("ux_mailing_lists_name", Builders<MailingListDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
            ],
            ct);

        await c.ListSubscriptions.Indexes.CreateManyAsync(
            [
                // One state per record and list; a static list's members in record id order (audiences).
                Unique<ListSubscriptionDocument>("ux_list_subscriptions_list", Builders<ListSubscriptionDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.ListId).Ascending(d => d.RecordId)),
                // A record's states on every list: listing, removal with the record, and the audience
                // $lookup of a record's state on a dynamic list.
                Plain<ListSubscriptionDocument>("ix_list_subscriptions_record", Builders<ListSubscriptionDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.RecordId).Ascending(d => d.ListId)),
            ],
            ct);

        await c.MassSends.Indexes.CreateManyAsync(
            [
                // One send per idempotency key. mass_send_keys decides races (its _id is the key), so this
                // index is the second line of defence where unique indexes are enforced, and the key lookup.
                Unique<MassSendDocument>("ux_mass_sends_idempotency_key", Builders<MassSendDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.IdempotencyKey)),
                // Newest-first listings of an organisation, all states or one.
                Plain<MassSendDocument>("ix_mass_sends_org", Builders<MassSendDocument>.IndexKeys.Ascending(d => d.OrgId).Descending(d => d.Id)),
                Plain<MassSendDocument>("ix_mass_sends_org_state", Builders<MassSendDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.State).Descending(d => d.Id)),
                // The workers' queues across organisations: queued sends to snapshot, sending sends to dispatch.
                Plain<MassSendDocument>("ix_mass_sends_state", Builders<MassSendDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.Id)),
            ],
            ct);

        // mass_send_keys and quota_counters need none beyond _id, which is derived from their keys.
        await c.Deliveries.Indexes.CreateManyAsync(
            [
                // One row per recipient of a send (a resumed snapshot skips the rows it already wrote).
                Unique<DeliveryDocument>("ux_deliveries_record", Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.SendId).Ascending(d => d.RecordId)),
                // A claimed batch's PENDING rows (an id range), counts per state, listings by state.
                Plain<DeliveryDocument>("ix_deliveries_claim", Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.SendId).Ascending(d => d.State).Ascending(d => d.Id)),
                // Deliveries looked up by the provider's message id (bounce and complaint events); only sent rows have one.
                new CreateIndexModel<DeliveryDocument>(
                    Builders<DeliveryDocument>.IndexKeys.Ascending(d => d.MessageId),
                    new CreateIndexOptions<DeliveryDocument> { Name = "ix_deliveries_message_id", PartialFilterExpression = Builders<DeliveryDocument>.Filter.Gt(d => d.MessageId, "") }),
            ],
            ct);

        await c.DeliveryBatches.Indexes.CreateManyAsync(
            [
                // Claims of a send's oldest PENDING batch; whether a send has open batches.
                Plain<DeliveryBatchDocument>("ix_delivery_batches_claim", Builders<DeliveryBatchDocument>.IndexKeys.Ascending(d => d.SendId).Ascending(d => d.State).Ascending(d => d.Id)),
                // Recovery of CLAIMED batches whose lease ended, across sends.
                Plain<DeliveryBatchDocument>("ix_delivery_batches_lease", Builders<DeliveryBatchDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.LeaseUntil)),
            ],
            ct);
    }

    private static CreateIndexModel<T> Unique<T>(string name, IndexKeysDefinition<T> keys) =>
        new(keys, new CreateIndexOptions { Name = name, Unique = true });

    private static CreateIndexModel<T> Plain<T>(string name, IndexKeysDefinition<T> keys) =>
        new(keys, new CreateIndexOptions { Name = name });
}
