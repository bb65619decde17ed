using System.Runtime.InteropServices;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Recipients.Records;

/// <summary>Use cases of records: sync in (one or many), read, search, delete, opt out.</summary>
public sealed class RecordService(IRecordStore records, ICustomFieldStore customFields, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const string Resource = "record";

    /// <summary>A cache of custom field definitions for one import (or one call).</summary>
    public CustomFieldCache NewFieldCache(Caller caller) => new(customFields, caller.OrgId, time);

    /// <summary>
    /// Starts a streaming import: batches are checked as they are added and stored while the next one is
    /// read and checked (see <see cref="RecordImport"/>).
    /// </summary>
    public RecordImport StartImport(Caller caller)
    {
        caller.Require(Permission.RecipientsWrite);
        return new RecordImport(this, caller, NewFieldCache(caller));
    }

    /// <summary>
    /// Validates and upserts a batch. Bad rows are reported and skipped; the others are stored.
    /// <paramref name="firstRow"/> numbers the rows across a whole import.
    /// </summary>
    public async Task<UpsertBatchResult> UpsertBatchAsync(
        Caller caller, RecordModule module, IReadOnlyList<RecordInput> rows, long firstRow, CustomFieldCache fields, CancellationToken ct)
    {
        PreparedBatch batch = await PrepareBatchAsync(caller, module, rows, firstRow, fields, ct);
        return await StoreBatchAsync(caller, batch, ct);
    }

    /// <summary>
    /// Checks a batch and builds the records of the rows that pass; defines the new custom fields those rows
    /// bring, and stores nothing else.
    /// </summary>
    internal async Task<PreparedBatch> PrepareBatchAsync(
        Caller caller, RecordModule module, IReadOnlyList<RecordInput> rows, long firstRow, CustomFieldCache fields, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (rows.Count > RecordLimits.MaxBatchRows)
        {
            throw new ValidationException("records", $"at most {RecordLimits.MaxBatchRows} records per message");
        }

        var errors = new List<RowError>();
        var checkedRows = new List<(long Row, RecordInput Input)>(rows.Count);
        var problems = new List<(string Field, string Reason)>();
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        var wanted = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        var mixedTypes = false;
        for (var i = 0; i < rows.Count; i++)
        {
            RecordValidator.Check(module, rows[i], problems);
            if (problems.Count == 0 && !seen.Add(rows[i].ExternalId.Trim()))
            {
                problems.Add(("external_id", "appears twice in the same batch"));
            }

            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => new RowError(firstRow + i, p.Field, p.Reason)));
                continue;
            }

            checkedRows.Add((firstRow + i, rows[i]));

            // Only rows that passed the checks may define new custom fields: a refused row changes nothing.
            foreach (var (name, value) in rows[i].Custom)
            {
                ref var type = ref CollectionsMarshal.GetValueRefOrAddDefault(wanted, name, out var exists);
                mixedTypes |= exists && type != value.Type;
                type = exists ? type : value.Type;
            }
        }

        var types = await fields.EnsureAsync(module, wanted, ct);

        // Usually every row gives a field the type the store has: then no row needs checking for a mismatch.
        var mayMismatch = mixedTypes || wanted.Any(w => types.TryGetValue(w.Key, out var type) && type != w.Value);
        var now = time.GetUtcNowMs();
        var accepted = new PreparedBatch(module, new List<long>(checkedRows.Count), new List<RecipientRecord>(checkedRows.Count), errors);
        foreach (var (row, input) in checkedRows)
        {
            if (!mayMismatch || !HasTypeMismatch(row, input, types, errors))
            {
                accepted.Rows.Add(row);
                accepted.Records.Add(RecordValidator.ToRecord(Ids.New(time), caller.OrgId, module, input, now));
            }
        }

        return accepted;
    }

    /// <summary>Stores the records of a prepared batch in one store call.</summary>
    internal async Task<UpsertBatchResult> StoreBatchAsync(Caller caller, PreparedBatch batch, CancellationToken ct)
    {
        var outcomes = batch.Records.Count == 0 ? [] : await records.UpsertAsync(caller.OrgId, batch.Module, batch.Records, ct);
        return new UpsertBatchResult(batch.Rows.Select((row, i) => (row, outcomes[i])).ToList(), batch.Errors);
    }

    /// <summary>Upserts one record; refused fields are reported as INVALID_ARGUMENT under <c>record.</c>.</summary>
    public async Task<(UpsertOutcome Outcome, RecipientRecord Record)> UpsertAsync(Caller caller, RecordModule module, RecordInput input, CancellationToken ct)
    {
        var result = await UpsertBatchAsync(caller, module, [input], 1, NewFieldCache(caller), ct);
        if (result.Errors.Count > 0)
        {
            throw new ValidationException(result.Errors.Select(e => new FieldViolation("record." + e.Field, e.Reason)).ToList());
        }

        var outcome = result.Outcomes[0].Outcome;
        return (outcome, await records.GetAsync(caller.OrgId, outcome.RecordId, ct) ?? throw new NotFoundException(Resource, outcome.RecordId));
    }

    public async Task<RecipientRecord> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return await records.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (!await records.DeleteAsync(caller.OrgId, id, time.GetUtcNow(), ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }

    public async Task<(IReadOnlyList<RecipientRecord> Records, string NextPageToken)> SearchAsync(
        Caller caller, RecordModule module, CriteriaNode? criteria, int pageSize, string? pageToken, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        var size = pageSize == 0 ? DefaultPageSize : pageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ValidationException("page_size", $"must be between 1 and {MaxPageSize}");
        }

        var fingerprint = RecordPageToken.Fingerprint(module, criteria);
        var after = RecordPageToken.Decode(pageToken, fingerprint);
        var filter = criteria is null ? null : CriteriaResolver.Resolve(criteria, await CatalogAsync(caller.OrgId, module, ct), time.GetUtcNow());
        var rows = await records.SearchAsync(new RecordSearch(caller.OrgId, module, filter, after, size + 1), ct);
        return rows.Count <= size
            ? (rows, "")
            : (rows.Take(size).ToList(), RecordPageToken.Encode(rows[size - 1].Id, fingerprint));
    }

    public async Task<IReadOnlyList<CustomFieldDefinition>> ListCustomFieldsAsync(Caller caller, RecordModule module, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return await customFields.ListAsync(caller.OrgId, module, ct);
    }

    /// <summary>The fields criteria on <paramref name="module"/> may use.</summary>
    public async Task<FieldCatalog> CatalogAsync(string orgId, RecordModule module, CancellationToken ct)
    {
        var own = await customFields.ListAsync(orgId, module, ct);
        var client = module == RecordModule.Clients ? own : await customFields.ListAsync(orgId, RecordModule.Clients, ct);
        return new FieldCatalog(module, own.ToDictionary(d => d.Name, d => d.Type), client.ToDictionary(d => d.Name, d => d.Type));
    }

    /// <summary>Reports each custom value of <paramref name="input"/> whose type differs from its field's.</summary>
    private static bool HasTypeMismatch(long row, RecordInput input, IReadOnlyDictionary<string, FieldType> types, List<RowError> errors)
    {
        var found = false;
        foreach (var (name, value) in input.Custom)
        {
            if (types.TryGetValue(name, out var type) && type != value.Type)
            {
                errors.Add(new RowError(row, $"custom.{name}", $"must be a {type} value, got {value.Type}"));
                found = true;
            }
        }

        return found;
    }
}
