using MassEmail.Storage.Sqlite.Migrations;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The whole schema, as an append-only list of migrations: entry <c>i</c> moves the file from
/// <c>PRAGMA user_version = i</c> to <c>i + 1</c>. Never edit a shipped entry; append a new one.
/// </summary>
/// <remarks>
/// Every table carries <c>org_id</c> and every index starts with it, so each query an organisation
/// makes touches only its own rows. Times are Unix milliseconds. Tables are STRICT so a wrongly
/// typed value fails at once instead of being stored as something else.
/// </remarks>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: see Migration01TenancyAndTemplates.
        Migration01TenancyAndTemplates.Sql,
        // 2: see Migration02Recipients.
        Migration02Recipients.Sql,
        // 3: see Migration03MassSends.
        Migration03MassSends.Sql,
        // 4: see Migration04DeliveryCounts.
        Migration04DeliveryCounts.Sql,
        // 5: see Migration05DeliveryKeys.
        Migration05DeliveryKeys.Sql,
        // 6: see Migration06SendFingerprint.
        Migration06SendFingerprint.Sql,
        // 7: see Migration07InvalidAddressReason.
        Migration07InvalidAddressReason.Sql,
        // 8: see Migration08RateShares.
        Migration08RateShares.Sql,
        // 9: see Migration09UnsubscribeKeyRing.
        Migration09UnsubscribeKeyRing.Sql,
        // 10: see Migration10BatchClaims.
        Migration10BatchClaims.Sql,
        // 11: see Migration11Suppressions.
        Migration11Suppressions.Sql,
        // 12: see Migration12AppliedProviderEvents.
        Migration12AppliedProviderEvents.Sql,
        // 13: see Migration13ProviderEvents.
        Migration13ProviderEvents.Sql,
        // 14: see Migration14IndividualEmails.
        Migration14IndividualEmails.Sql,
        // 15: see Migration15ConsentHistory.
        Migration15ConsentHistory.Sql,
        // 16 (issue 10 item 5): quota settlement of mass sends, in its own file.
        QuotaSettlementMigration.Sql,
        // 17 (issue 13): schedules, their occurrences and the change marker; see SchedulesMigration.
        Scheduling.SchedulesMigration.Sql,
        // 18 (issue 13 items 2 and 6): slot versions, run slots, the waiting line; see ScheduleSlotsMigration.
        Scheduling.ScheduleSlotsMigration.Sql,
        // 19 (issue 13 item 8): macros; see MacrosMigration.
        Macros.MacrosMigration.Sql,
        // 20 (issue 14): the Data Protection key ring; see DataProtectionKeysMigration.
        DataProtectionKeysMigration.Sql,
        // 21 (issue 14): plugin connections and shared access tokens; see ConnectionsMigration.
        Connections.ConnectionsMigration.Sql,
        // 22 (issue 14): sync definitions of plugin connections; see SyncDefinitionsMigration.
        Syncs.SyncDefinitionsMigration.Sql,
        // 23 (issue 13 item 7): autoresponders and their enrolments; see AutorespondersMigration.
        Autoresponders.AutorespondersMigration.Sql,
        // 24 (issue 14 item 6): the webhook endpoint's lookups; see WebhookLookupsMigration.
        Connections.WebhookLookupsMigration.Sql,
        // 25 (issue 14): the consent outbox's lease and retries, opt-out poll cursors; see OptOutPublishingMigration.
        OptOuts.OptOutPublishingMigration.Sql,
        // 26 (issue 14): sync runs — when each definition runs next, who holds its run, "sync now"; see SyncRunsMigration.
        Syncs.SyncRunsMigration.Sql,
        // 27 (issue 14): tombstones of deleted records for "remove from list" syncs; see RecordDeletionsMigration.
        Recipients.RecordDeletionsMigration.Sql,
        // 28 (issue 14): endpoint call windows and locks shared by every instance; see EndpointCallsMigration.
        Connections.EndpointCallsMigration.Sql,
        // 29 (issue 10): deliveries without the indexes of PENDING and CLAIMED rows; see DeliveryIndexesMigration.
        Sending.DeliveryIndexesMigration.Sql,
        // 30 (issue 10): why a send's snapshot last failed; see SnapshotErrorMigration.
        Sending.SnapshotErrorMigration.Sql,
        // 31 (issue 10): why sending one of a send's batches last failed; see BatchErrorMigration.
        Sending.BatchErrorMigration.Sql,
    ];
}
