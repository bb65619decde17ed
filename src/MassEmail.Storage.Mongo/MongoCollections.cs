using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// The service's collections, named in one place. The collections that decide who may call, what is sent, to
/// whom and how often are opened with <see cref="Deciding"/> whatever the connection string says: a read from a
/// lagging secondary or a write a failover rolls back would send mail twice, lose a claim or accept a revoked key.
/// </summary>
internal sealed class MongoCollections(IMongoDatabase database)
{
    /// <summary>
    /// Reads from the primary, writes acknowledged by a majority of the replica set (so no election rolls them
    /// back), and a bound on waiting for that majority: past it the write reports an error like any other failed
    /// write instead of holding a send's lane for as long as the set has no majority.
    /// </summary>
    public static MongoCollectionSettings Deciding() => new()
    {
        ReadPreference = ReadPreference.Primary,
        WriteConcern = WriteConcern.WMajority.With(wTimeout: MajorityWait),
    };

    /// <summary>How long a deciding write waits for a majority before it fails.</summary>
    public static TimeSpan MajorityWait { get; } = TimeSpan.FromSeconds(15);

    public IMongoDatabase Database { get; } = database;

    public IMongoCollection<OrganisationDocument> Organisations { get; } = database.GetCollection<OrganisationDocument>("organisations", Deciding());

    public IMongoCollection<UserDocument> Users { get; } = database.GetCollection<UserDocument>("users", Deciding());

    public IMongoCollection<ApiKeyDocument> ApiKeys { get; } = database.GetCollection<ApiKeyDocument>("api_keys", Deciding());

    public IMongoCollection<TemplateFolderDocument> TemplateFolders { get; } = database.GetCollection<TemplateFolderDocument>("template_folders");

    public IMongoCollection<TemplateDocument> Templates { get; } = database.GetCollection<TemplateDocument>("templates");

    public IMongoCollection<RecordDocument> Records { get; } = database.GetCollection<RecordDocument>("records");

    public IMongoCollection<CustomFieldDocument> CustomFields { get; } = database.GetCollection<CustomFieldDocument>("custom_fields");

    public IMongoCollection<CustomViewDocument> CustomViews { get; } = database.GetCollection<CustomViewDocument>("custom_views");

    public IMongoCollection<MacroDocument> Macros { get; } = database.GetCollection<MacroDocument>("macros");

    public IMongoCollection<MailingListDocument> MailingLists { get; } = database.GetCollection<MailingListDocument>("mailing_lists");

    public IMongoCollection<ListSubscriptionDocument> ListSubscriptions { get; } = database.GetCollection<ListSubscriptionDocument>("list_subscriptions");

    public IMongoCollection<RecordDeletionDocument> RecordDeletions { get; } = database.GetCollection<RecordDeletionDocument>("record_deletions");

    public IMongoCollection<MassSendDocument> MassSends { get; } = database.GetCollection<MassSendDocument>("mass_sends", Deciding());

    public IMongoCollection<MassSendKeyDocument> MassSendKeys { get; } = database.GetCollection<MassSendKeyDocument>("mass_send_keys", Deciding());

    public IMongoCollection<DeliveryDocument> Deliveries { get; } = database.GetCollection<DeliveryDocument>("deliveries", Deciding());

    // Who sends which rows: a claim or a mark rolled back by an election would let two workers send one batch.
    public IMongoCollection<DeliveryBatchDocument> DeliveryBatches { get; } = database.GetCollection<DeliveryBatchDocument>("delivery_batches", Deciding());

    public IMongoCollection<QuotaCounterDocument> QuotaCounters { get; } = database.GetCollection<QuotaCounterDocument>("quota_counters", Deciding());

    public IMongoCollection<RateGroupDocument> RateGroups { get; } = database.GetCollection<RateGroupDocument>("rate_groups", Deciding());

    // A ring rolled back by an election would lose a key that already signed links in mail.
    public IMongoCollection<SigningKeyRingDocument> SigningKeyRings { get; } = database.GetCollection<SigningKeyRingDocument>("signing_key_rings", Deciding());

    // The Data Protection key ring (issue 14). An insert a failover rolls back loses a key after secrets (vendor
    // credentials) were already encrypted with it and stored: they could never be decrypted again. A read from a lagging
    // secondary misses a key another instance has just created and used, and that read's result is cached for a day.
    public IMongoCollection<DataProtectionKeyDocument> DataProtectionKeys { get; } = database.GetCollection<DataProtectionKeyDocument>("data_protection_keys", Deciding());

    // Decides who is mailed: a suppression read from a lagging secondary, or rolled back by an election, mails an
    // address that bounced or complained.
    public IMongoCollection<SuppressionDocument> Suppressions { get; } = database.GetCollection<SuppressionDocument>("suppressions", Deciding());

    // Decides whether a provider event is applied again: a mark rolled back by an election would re-apply a retried
    // event (re-suppressing an address an operator lifted meanwhile).
    public IMongoCollection<ProcessedEventDocument> ProcessedEvents { get; } = database.GetCollection<ProcessedEventDocument>("processed_events", Deciding());

    // Decides whether a retried SendEmail sends: a key rolled back by an election would send the email twice.
    public IMongoCollection<IndividualEmailDocument> IndividualEmails { get; } = database.GetCollection<IndividualEmailDocument>("individual_emails", Deciding());

    // Campaign-tool connections (issue 14); the credentials in them are ciphertext.
    public IMongoCollection<ConnectionDocument> PluginConnections { get; } = database.GetCollection<ConnectionDocument>("plugin_connections", Deciding());

    // Decides what is synced to a vendor's list (issue 14): a definition rolled back by an election would sync records
    // (or a list) its owner changed or deleted.
    public IMongoCollection<SyncDefinitionDocument> SyncDefinitions { get; } = database.GetCollection<SyncDefinitionDocument>("sync_definitions", Deciding());

    // Decides which instance asks the vendor for a new access token: a lease rolled back by an election, or read from a
    // lagging secondary, would let two instances refresh (Zoho issues at most 10 tokens per 10 minutes).
    public IMongoCollection<AccessTokenDocument> AccessTokens { get; } = database.GetCollection<AccessTokenDocument>("access_tokens", Deciding());

    // Decide whether a call to a vendor endpoint may go (issue 14): a count rolled back by an election, or read from a
    // lagging secondary, would let the instances together exceed the vendor's window and earn its lock.
    public IMongoCollection<EndpointCallDocument> EndpointCalls { get; } = database.GetCollection<EndpointCallDocument>("endpoint_calls", Deciding());

    public IMongoCollection<EndpointLockDocument> EndpointLocks { get; } = database.GetCollection<EndpointLockDocument>("endpoint_locks", Deciding());

    // Decides which instance polls a vendor's opt-outs of a remote list, and from where: a lease rolled back by an
    // election would let two instances poll; a cursor rolled back re-reads a page (harmless, but wasted).
    public IMongoCollection<OptOutPollDocument> OptOutPolls { get; } = database.GetCollection<OptOutPollDocument>("opt_out_polls", Deciding());

    public IMongoCollection<DeliveryEventDocument> DeliveryEvents { get; } = database.GetCollection<DeliveryEventDocument>("delivery_events");

    // The history of opt-outs and list (un)subscriptions, and the outbox of those not yet published (done false).
    public IMongoCollection<ConsentChangeDocument> ConsentChanges { get; } = database.GetCollection<ConsentChangeDocument>("consent_changes", Deciding());

    // Deletes in progress (MongoPurges): a marker rolled back by an election would leave a half-done delete unfinished.
    public IMongoCollection<PurgeDocument> Purges { get; } = database.GetCollection<PurgeDocument>("purges", Deciding());

    // Decides which instance fires a schedule's occurrence and when the next one is due: a claim or a move of
    // next_fire_at rolled back by an election would fire an occurrence twice.
    public IMongoCollection<ScheduleDocument> Schedules { get; } = database.GetCollection<ScheduleDocument>("schedules", Deciding());

    public IMongoCollection<OccurrenceDocument> ScheduleOccurrences { get; } = database.GetCollection<OccurrenceDocument>("schedule_occurrences", Deciding());

    public IMongoCollection<ScheduleMarkerDocument> ScheduleMarkers { get; } = database.GetCollection<ScheduleMarkerDocument>("schedule_markers", Deciding());

    // How far each start-up upgrade of existing documents has got (MongoCriteriaKeysUpgrade).
    public IMongoCollection<StoreUpgradeDocument> StoreUpgrades { get; } = database.GetCollection<StoreUpgradeDocument>("store_upgrades");

    // Decide whether a schedule write passed the check of three per minute on current data, and which occurrences'
    // sends run (three per organisation): a version move or a slot rolled back by an election would let a fourth in.
    public IMongoCollection<ScheduleSlotVersionDocument> ScheduleSlotVersions { get; } =
        database.GetCollection<ScheduleSlotVersionDocument>("schedule_slot_versions", Deciding());

    public IMongoCollection<RunSlotDocument> ScheduleRunSlots { get; } = database.GetCollection<RunSlotDocument>("schedule_run_slots", Deciding());

    // Decides which instance sends an autoresponder's step to a record: a claim or a move to the next step rolled back
    // by an election would send a step twice or skip it.
    public IMongoCollection<AutoresponderDocument> Autoresponders { get; } = database.GetCollection<AutoresponderDocument>("autoresponders", Deciding());

    public IMongoCollection<EnrollmentDocument> AutoresponderEnrollments { get; } =
        database.GetCollection<EnrollmentDocument>("autoresponder_enrollments", Deciding());
}
