using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Consent;

/// <summary>
/// Every opt-out and list (un)subscription goes through here: applied with its history entry and its outbox entry in
/// one write (<see cref="IConsentStore"/>), whoever made it (link, one-click, preference page, API, plugin, bounce,
/// complaint).
/// </summary>
public sealed class ConsentService(IConsentStore store, IRecordStore records, TimeProvider time)
{
    public const int DefaultHistorySize = 100;
    public const int MaxHistorySize = 1000;

    /// <summary>Applies the change on the organisation's behalf; false when the record does not exist.</summary>
    public Task<bool> ChangeAsync(string orgId, string recordId, string? listId, ConsentKind kind, string source, CancellationToken ct) =>
        store.ApplyAsync(new ConsentChange(Ids.New(time), orgId, recordId, listId, kind, source, time.GetUtcNowMs()), ct);

    /// <summary>The API's opt-out switch of a record.</summary>
    public async Task<RecipientRecord> SetEmailOptOutAsync(Caller caller, string id, bool optOut, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (!await ChangeAsync(caller.OrgId, id, null, optOut ? ConsentKind.OptedOut : ConsentKind.OptedIn, ConsentSource.Api, ct))
        {
            throw new NotFoundException("record", id);
        }

        return await records.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException("record", id);
    }

    /// <summary>The record's opt-outs and list (un)subscriptions, newest first.</summary>
    public async Task<IReadOnlyList<ConsentChange>> HistoryAsync(Caller caller, string recordId, int pageSize, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        var size = pageSize == 0 ? DefaultHistorySize : pageSize;
        if (size is < 1 or > MaxHistorySize)
        {
            throw new ValidationException("page_size", $"must be between 1 and {MaxHistorySize}");
        }

        if (await records.GetAsync(caller.OrgId, recordId, ct) is null)
        {
            throw new NotFoundException("record", recordId);
        }

        return await store.HistoryAsync(caller.OrgId, recordId, size, ct);
    }
}
