using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Every index of the store, declared here and nowhere else: <see cref="MongoIndexBuilds"/> creates them at start-up and
/// the index-coverage test checks every query the adapter sends against this list. Each starts with <c>org_id</c>, so an
/// organisation's queries touch only its own entries, except the sending workers' ones, which serve every organisation
/// (by state) or one send (by <c>send_id</c>, a send being in one organisation), and the TTL ones (by expiry time).
/// Names are explicit so that a changed definition is found and rebuilt at start-up instead of silently creating a
/// second index.
/// </summary>
internal static class MongoIndexes
{
    /// <summary>How long quota counters outlive their day, and idempotency keys their send's creation.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromDays(7);

    public static IReadOnlyList<MongoIndex> Declared(MongoCollections c) =>
    [
        // Organisations need none beyond _id, which is the organisation id.
        Unique(c.Users, "ux_users_email", k => k.Ascending(d => d.OrgId).Ascending(d => d.EmailKey)),
        // The listing in (email_key, _id) order: the unique index alone would leave the _id tie-break to a sort in memory.
        Plain(c.Users, "ix_users_org_email", k => k.Ascending(d => d.OrgId).Ascending(d => d.EmailKey).Ascending(d => d.Id)),

        // Newest-first listing of an organisation's keys.
        Plain(c.ApiKeys, "ix_api_keys_org", k => k.Ascending(d => d.OrgId).Descending(d => d.CreatedAt).Descending(d => d.Id)),

        Unique(c.TemplateFolders, "ux_template_folders_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
        // The listing in (name_key, _id) order.
        Plain(c.TemplateFolders, "ix_template_folders_org_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey).Ascending(d => d.Id)),

        // Uniqueness of names.
        Unique(c.Templates, "ux_templates_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
        // The (name_key, _id) keyset listing of a whole organisation.
        Plain(c.Templates, "ix_templates_org_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey).Ascending(d => d.Id)),
        // AnyInFolder and the (name_key, _id) keyset listings of one folder.
        Plain(c.Templates, "ix_templates_folder", k => k.Ascending(d => d.OrgId).Ascending(d => d.FolderId).Ascending(d => d.NameKey).Ascending(d => d.Id)),

        // Upsert by external id, and the lookup of client records by client conditions.
        Unique(c.Records, "ux_records_external_id", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.ExternalId)),
        // Keyset searches and audience streams of a module, in id order.
        Plain(c.Records, "ix_records_module", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.Id)),
        // The records of an address that a campaign tool's webhook names, in id order.
        Plain(c.Records, "ix_records_email", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.EmailKey).Ascending(d => d.Id)),
        // Candidates and contacts of the clients a client condition selected.
        Plain(c.Records, "ix_records_client", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.ClientExternalId)),
        // Text criteria on any field, standard or custom (the attribute pattern of CriteriaKeys): equality and in-list
        // seek (k, v), starts-with scans a range of v, contains scans the field's keys only. After an equality the
        // entries are in id order, so a keyset search page reads no more than it returns.
        Plain(c.Records, "ix_records_criteria_keys", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module)
            .Ascending($"{CriteriaKeys.Field}.{CriteriaKeys.Key}").Ascending($"{CriteriaKeys.Field}.{CriteriaKeys.Value}").Ascending(d => d.Id)),

        Unique(c.CustomFields, "ux_custom_fields_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.Name)),

        Unique(c.CustomViews, "ux_custom_views_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.NameKey)),

        // One name per organisation; also serves the listing of an organisation's macros.
        Unique(c.Macros, "ux_macros_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),

        // One name per organisation; also serves the listing of an organisation's connections. access_tokens need none
        // beyond _id, the cache key.
        Unique(c.PluginConnections, "ux_plugin_connections_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),

        // The live buckets of one endpoint of one connection (keyed by a connection id, unique across organisations, like
        // access_tokens); each bucket is counted by _id and goes once it expired. endpoint_locks need none beyond _id.
        Plain(c.EndpointCalls, "ix_endpoint_calls_live", k => k.Ascending(d => d.ConnectionId).Ascending(d => d.Endpoint).Ascending(d => d.ExpireAt)),
        Expiring(c.EndpointCalls, "ix_endpoint_calls_expiry", k => k.Ascending(d => d.ExpireAt)),

        // One name per connection; also serves the listing of a connection's definitions and deleting them with it.
        Unique(c.SyncDefinitions, "ux_sync_definitions_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.ConnectionId).Ascending(d => d.NameKey)),
        // A run's claim: the two branches of its $or, runs due by their schedule and runs asked for.
        Plain(c.SyncDefinitions, "ix_sync_definitions_run_due", k => k.Ascending(d => d.RunDueAt)),
        Plain(c.SyncDefinitions, "ix_sync_definitions_run_requested", k => k.Ascending(d => d.RunRequestedAt)),

        // Tombstones of deleted records: a module's deletions since a time (a sync removing them from a remote list);
        // each goes RecordDeletion.Retention after its deletion. _id (derived from organisation and record) is one per record.
        Plain(c.RecordDeletions, "ix_record_deletions_module", k => k.Ascending(d => d.OrgId).Ascending(d => d.Module).Ascending(d => d.DeletedAt).Ascending(d => d.RecordId)),
        Expiring(c.RecordDeletions, "ix_record_deletions_expiry", k => k.Ascending(d => d.ExpireAt)),

        Unique(c.MailingLists, "ux_mailing_lists_name", k => k.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),

        // One state per record and list; a static list's members in record id order (audiences).
        Unique(c.ListSubscriptions, "ux_list_subscriptions_list", k => k.Ascending(d => d.OrgId).Ascending(d => d.ListId).Ascending(d => d.RecordId)),
        // A record's states on every list: listing, removal with the record, and the audience
        // $lookup of a record's state on a dynamic list.
        Plain(c.ListSubscriptions, "ix_list_subscriptions_record", k => k.Ascending(d => d.OrgId).Ascending(d => d.RecordId).Ascending(d => d.ListId)),

        // One send per idempotency key. mass_send_keys decides races (its _id is the key), so this
        // index is the second line of defence where unique indexes are enforced, and the key lookup
        // (with _id, so that the oldest send of a key comes first without a sort in memory).
        Unique(c.MassSends, "ux_mass_sends_idempotency_key", k => k.Ascending(d => d.OrgId).Ascending(d => d.IdempotencyKey)),
        // Newest-first listings of an organisation, all states or one.
        Plain(c.MassSends, "ix_mass_sends_org", k => k.Ascending(d => d.OrgId).Descending(d => d.Id)),
        Plain(c.MassSends, "ix_mass_sends_org_state", k => k.Ascending(d => d.OrgId).Ascending(d => d.State).Descending(d => d.Id)),
        // The workers' queues across organisations: queued sends to snapshot, sending sends to dispatch.
        Plain(c.MassSends, "ix_mass_sends_state", k => k.Ascending(d => d.State).Ascending(d => d.Id)),
        // The settlement pass: completed and cancelled sends whose unused quota is not given back yet (the flag is false
        // only for running sends and those, so the scan stays small).
        Plain(c.MassSends, "ix_mass_sends_unsettled", k => k.Ascending(d => d.QuotaSettled).Ascending(d => d.Id)),

        // mass_send_keys decide races by _id; past Retention the unique index of mass_sends answers a retried key.
        Expiring(c.MassSendKeys, "ix_mass_send_keys_expiry", k => k.Ascending(d => d.ExpireAt)),

        // quota_counters are found by _id (derived from their key); a day's counters go Retention after the day.
        Expiring(c.QuotaCounters, "ix_quota_counters_expiry", k => k.Ascending(d => d.ExpireAt)),

        // One row per recipient of a send (a resumed snapshot skips the rows it already wrote).
        Unique(c.Deliveries, "ux_deliveries_record", k => k.Ascending(d => d.SendId).Ascending(d => d.RecordId)),
        // A claimed batch's PENDING rows (an id range), counts per state, listings by state.
        Plain(c.Deliveries, "ix_deliveries_claim", k => k.Ascending(d => d.SendId).Ascending(d => d.State).Ascending(d => d.Id)),
        // Deliveries looked up by the provider's message id (bounce and complaint events); only sent rows have one.
        Partial(c.Deliveries, "ix_deliveries_message_id", k => k.Ascending(d => d.MessageId), f => f.Gt(d => d.MessageId, "")),

        // Claims of a send's oldest PENDING batch; whether a send has open batches.
        Plain(c.DeliveryBatches, "ix_delivery_batches_claim", k => k.Ascending(d => d.SendId).Ascending(d => d.State).Ascending(d => d.Id)),
        // Recovery of CLAIMED batches whose lease ended, across sends.
        Plain(c.DeliveryBatches, "ix_delivery_batches_lease", k => k.Ascending(d => d.State).Ascending(d => d.LeaseUntil)),

        // A send's events in (event, recipient) order: listing and counts. _id (derived from the event and recipient)
        // decides uniqueness.
        Plain(c.DeliveryEvents, "ix_delivery_events_send", k => k.Ascending(d => d.OrgId).Ascending(d => d.SendId).Ascending(d => d.EventId).Ascending(d => d.EmailKey)),

        // An organisation's list in key order, and the bulk lookups of a send's recipients. _id (derived from org and
        // key) decides uniqueness. processed_events need none beyond _id, the provider's event id.
        Plain(c.Suppressions, "ix_suppressions_org", k => k.Ascending(d => d.OrgId).Ascending(d => d.EmailKey)),

        // A record's consent history, newest first; the outbox's pending entries in id order; and the changed
        // documents whose embedded change was not yet copied to consent_changes (a writer died in between).
        Plain(c.ConsentChanges, "ix_consent_changes_record", k => k.Ascending(d => d.OrgId).Ascending(d => d.RecordId).Descending(d => d.Id)),
        Plain(c.ConsentChanges, "ix_consent_changes_pending", k => k.Ascending(d => d.Done).Ascending(d => d.Id)),
        Plain(c.Records, "ix_records_consent_pending", k => k.Ascending(ConsentChangeDocument.PendingField + "._id")),
        Plain(c.ListSubscriptions, "ix_list_subscriptions_consent_pending", k => k.Ascending(ConsentChangeDocument.PendingField + "._id")),

        // An organisation's schedules in id order; the firing's queue across organisations (active ones by next fire
        // time). schedule_occurrences decide claims by _id (derived from schedule and local time); this index lists a
        // schedule's occurrences, latest first. schedule_markers need none beyond _id.
        Plain(c.Schedules, "ix_schedules_org", k => k.Ascending(d => d.OrgId).Ascending(d => d.Id)),
        Plain(c.Schedules, "ix_schedules_due", k => k.Ascending(d => d.Active).Ascending(d => d.NextFireAt)),
        Plain(c.ScheduleOccurrences, "ix_schedule_occurrences_fire", k => k.Ascending(d => d.OrgId).Ascending(d => d.ScheduleId).Descending(d => d.FireAt)),

        // The waiting line (waiting occurrences in fire-time order, the retry time checked on the few there are); an organisation's taken run slots and
        // the one an occurrence holds. schedule_slot_versions need none beyond _id.
        Plain(c.ScheduleOccurrences, "ix_schedule_occurrences_waiting", k => k.Ascending(d => d.State).Ascending(d => d.FireAt).Ascending(d => d.ScheduleId).Ascending(d => d.LeaseUntil)),
        Plain(c.ScheduleRunSlots, "ix_schedule_run_slots_org", k => k.Ascending(d => d.OrgId).Ascending(d => d.ScheduleId).Ascending(d => d.LocalTime)),

        // An organisation's autoresponders in id order, and the worker's round over the active ones. Enrolments are
        // unique by _id (autoresponder and record); listed in record order, due ones by time, runs by run id.
        Plain(c.Autoresponders, "ix_autoresponders_org", k => k.Ascending(d => d.OrgId).Ascending(d => d.Id)),
        Plain(c.Autoresponders, "ix_autoresponders_active", k => k.Ascending(d => d.Active).Ascending(d => d.Id)),
        Plain(c.AutoresponderEnrollments, "ix_enrollments_record", k => k.Ascending(d => d.OrgId).Ascending(d => d.AutoresponderId).Ascending(d => d.RecordId)),
        Plain(c.AutoresponderEnrollments, "ix_enrollments_due",
            k => k.Ascending(d => d.OrgId).Ascending(d => d.AutoresponderId).Ascending(d => d.State).Ascending(d => d.RunId).Ascending(d => d.DueAt).Ascending(d => d.RecordId)),
        Plain(c.AutoresponderEnrollments, "ix_enrollments_run", k => k.Ascending(d => d.OrgId).Ascending(d => d.AutoresponderId).Ascending(d => d.RunId).Ascending(d => d.RecordId)),

        // A list's subscriptions by time: the new ones since an autoresponder's cursor.
        Plain(c.ListSubscriptions, "ix_list_subscriptions_at", k => k.Ascending(d => d.OrgId).Ascending(d => d.ListId).Ascending(d => d.At).Ascending(d => d.RecordId)),
    ];

    private static MongoIndex Unique<T>(IMongoCollection<T> collection, string name, Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys) =>
        new(collection.CollectionNamespace.CollectionName, name, Render(collection, keys), Unique: true, PartialFilter: null, ExpireAfter: null);

    private static MongoIndex Plain<T>(IMongoCollection<T> collection, string name, Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys) =>
        new(collection.CollectionNamespace.CollectionName, name, Render(collection, keys), Unique: false, PartialFilter: null, ExpireAfter: null);

    /// <summary>An index of only the documents that match <paramref name="filter"/>.</summary>
    private static MongoIndex Partial<T>(
        IMongoCollection<T> collection, string name, Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys, Func<FilterDefinitionBuilder<T>, FilterDefinition<T>> filter) =>
        new(collection.CollectionNamespace.CollectionName, name, Render(collection, keys), Unique: false,
            PartialFilter: filter(Builders<T>.Filter).Render(new RenderArgs<T>(collection.DocumentSerializer, collection.Settings.SerializerRegistry)), ExpireAfter: null);

    /// <summary>A TTL index on a date element: each document goes once the clock passes its date.</summary>
    private static MongoIndex Expiring<T>(IMongoCollection<T> collection, string name, Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys) =>
        new(collection.CollectionNamespace.CollectionName, name, Render(collection, keys), Unique: false, PartialFilter: null, ExpireAfter: TimeSpan.Zero);

    private static BsonDocument Render<T>(IMongoCollection<T> collection, Func<IndexKeysDefinitionBuilder<T>, IndexKeysDefinition<T>> keys) =>
        keys(Builders<T>.IndexKeys).Render(new RenderArgs<T>(collection.DocumentSerializer, collection.Settings.SerializerRegistry));
}
