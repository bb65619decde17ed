using MassEmail.Core.Recipients;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// Decides, for one upsert batch, what each record needs: an insert, an update by id, or nothing.
/// Rows are taken in order; a later row with the same external id sees the earlier one, so a batch
/// ends with at most one write per external id (its last content, opt-out sticky across the rows).
/// </summary>
internal sealed class RecordUpsertPlan(IReadOnlyDictionary<string, StoredRecord> stored)
{
    private readonly Dictionary<string, PlannedRecord> byExternalId = new(StringComparer.Ordinal);
    private readonly List<UpsertOutcome> outcomes = [];

    public IReadOnlyList<UpsertOutcome> Outcomes => outcomes;

    public void Add(RecipientRecord record)
    {
        PlannedRecord? planned = Find(record.ExternalId);
        if (planned is null)
        {
            byExternalId[record.ExternalId] = new PlannedRecord { Id = record.Id, IsNew = true, ContentHash = record.ContentHash, Write = record };
            outcomes.Add(new UpsertOutcome(UpsertResult.Inserted, record.Id));
            return;
        }

        if (planned.ContentHash == record.ContentHash)
        {
            outcomes.Add(new UpsertOutcome(UpsertResult.Unchanged, planned.Id));
            return;
        }

        // Later content of the batch replaces earlier content, keeping the first row's id and created time.
        planned.Write = record with
        {
            Id = planned.Id,
            CreatedAt = planned.Write?.CreatedAt ?? record.CreatedAt,
            EmailOptOut = record.EmailOptOut || planned.Write?.EmailOptOut == true,
        };
        planned.ContentHash = record.ContentHash;
        outcomes.Add(new UpsertOutcome(UpsertResult.Updated, planned.Id));
    }

    /// <summary>The writes, each with the external id it is for.</summary>
    public List<(WriteModel<RecordDocument> Model, string ExternalId)> Writes()
    {
        var writes = new List<(WriteModel<RecordDocument>, string)>();
        foreach (var (externalId, planned) in byExternalId)
        {
            if (planned.Write is not { } record)
            {
                continue;
            }

            writes.Add(planned.IsNew
                ? (new InsertOneModel<RecordDocument>(RecordDocument.FromDomain(record)), externalId)
                : (UpdateOf(planned.Id, record), externalId));
        }

        return writes;
    }

    /// <summary>The row to write for <paramref name="externalId"/>, when another writer inserted it first.</summary>
    public RecipientRecord PendingInsert(string externalId) => byExternalId[externalId].Write!;

    /// <summary>
    /// After a concurrent insert won the external id: every outcome that named the id this batch meant
    /// to insert names the stored record instead, and the first one reports what the retry did.
    /// </summary>
    public void Redirect(string plannedId, string storedId, UpsertResult firstResult)
    {
        var first = true;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].RecordId == plannedId)
            {
                outcomes[i] = new UpsertOutcome(first ? firstResult : outcomes[i].Result, storedId);
                first = false;
            }
        }
    }

    /// <summary>
    /// The update of a changed record: every synced element, never the identity (<c>_id</c>, org,
    /// module, external id) or <c>created_at</c>; the opt-out only ever to true (a sync never clears it).
    /// </summary>
    public static UpdateOneModel<RecordDocument> UpdateOf(string id, RecipientRecord record)
    {
        BsonDocument set = RecordDocument.FromDomain(record).ToBsonDocument();
        set.Remove(RecordFields.Id);
        set.Remove(RecordFields.OrgId);
        set.Remove(RecordFields.Module);
        set.Remove(RecordFields.ExternalId);
        set.Remove(RecordFields.CreatedAt);
        if (!record.EmailOptOut)
        {
            set.Remove(RecordFields.EmailOptOut);
        }

        return new UpdateOneModel<RecordDocument>(RecordFilters.ById(record.OrgId, id), new BsonDocument("$set", set));
    }

    private PlannedRecord? Find(string externalId)
    {
        if (byExternalId.TryGetValue(externalId, out PlannedRecord? planned))
        {
            return planned;
        }

        if (!stored.TryGetValue(externalId, out StoredRecord? existing))
        {
            return null;
        }

        planned = new PlannedRecord { Id = existing.Id, IsNew = false, ContentHash = existing.ContentHash };
        byExternalId[externalId] = planned;
        return planned;
    }

    private sealed class PlannedRecord
    {
        public required string Id { get; init; }

        public required bool IsNew { get; init; }

        /// <summary>The hash the record has once the batch's rows so far are applied.</summary>
        public required string ContentHash { get; set; }

        /// <summary>What to insert or update; null while the stored record is up to date.</summary>
        public RecipientRecord? Write { get; set; }
    }
}
