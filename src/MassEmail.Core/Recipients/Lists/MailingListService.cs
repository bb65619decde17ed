using MassEmail.Core.Consent;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Recipients.Lists;

/// <summary>Use cases of mailing lists and of records' subscriptions to them.</summary>
public sealed class MailingListService(
    IMailingListStore lists, IListSubscriptionStore subscriptions, IRecordStore records, RecordService recordService, ConsentService consent, TimeProvider time)
{
    public const int MaxIdsPerCall = 10_000;
    private const string Resource = "mailing list";

    /// <summary>Creates a static list (<paramref name="criteria"/> null) or a dynamic one.</summary>
    public async Task<MailingList> CreateAsync(Caller caller, RecordModule module, string name, CriteriaNode? criteria, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(name, "name", violations);
        if (module == RecordModule.Clients)
        {
            violations.Add(new("module", "mailing lists are for candidates or contacts"));
        }
        else if (criteria is not null)
        {
            try
            {
                CriteriaResolver.Resolve(criteria, await recordService.CatalogAsync(caller.OrgId, module, ct), time.GetUtcNow());
            }
            catch (ValidationException e)
            {
                violations.AddRange(e.Violations);
            }
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        var now = time.GetUtcNowMs();
        var list = new MailingList(Ids.New(time), caller.OrgId, module, name.Trim(), criteria is not null,
            criteria is null ? null : CriteriaJson.Serialize(criteria), now, now);
        await lists.InsertAsync(list, ct);
        return list;
    }

    public async Task<MailingList> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return await Find(caller, id, ct);
    }

    public Task<IReadOnlyList<MailingList>> ListAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return lists.ListAsync(caller.OrgId, ct);
    }

    public async Task<MailingList> RenameAsync(Caller caller, string id, string name, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(name, "name", violations);
        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        if (!await lists.RenameAsync(caller.OrgId, id, name.Trim(), time.GetUtcNowMs(), ct))
        {
            throw new NotFoundException(Resource, id);
        }

        return await Find(caller, id, ct);
    }

    /// <summary>Deletes the list and the subscriptions to it; records stay.</summary>
    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (!await lists.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }

    /// <summary>Adds records to a static list; records that unsubscribed from it stay unsubscribed. Returns how many were newly subscribed.</summary>
    public async Task<int> AddMembersAsync(Caller caller, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        var list = await StaticListForChange(caller, listId, recordIds, ct);
        var existing = await records.FindExistingAsync(caller.OrgId, list.Module, recordIds.Distinct().ToList(), ct);
        UnknownRecordIds.ThrowIfAny(recordIds, existing, list.Module, i => $"record_ids[{i}]");

        return await subscriptions.AddAsync(caller.OrgId, listId, existing, "api", time.GetUtcNowMs(), ct);
    }

    public async Task<int> RemoveMembersAsync(Caller caller, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        await StaticListForChange(caller, listId, recordIds, ct);
        return await subscriptions.RemoveAsync(caller.OrgId, listId, recordIds.Distinct().ToList(), ct);
    }

    /// <summary>Sets one record's state on a list (static or dynamic), e.g. a recruiter recording a candidate's wish.</summary>
    public async Task<ListSubscription> SetSubscriptionAsync(Caller caller, string listId, string recordId, SubscriptionState state, string source, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        var list = await Find(caller, listId, ct);
        if ((await records.FindExistingAsync(caller.OrgId, list.Module, [recordId], ct)).Count == 0)
        {
            throw new NotFoundException("record", recordId);
        }

        if (!await consent.ChangeAsync(
            caller.OrgId, recordId, listId, state == SubscriptionState.Subscribed ? ConsentKind.Subscribed : ConsentKind.Unsubscribed, source, ct))
        {
            throw new NotFoundException("record", recordId);
        }

        return await subscriptions.GetAsync(caller.OrgId, listId, recordId, ct) ?? throw new NotFoundException("record", recordId);
    }

    public async Task<IReadOnlyList<ListSubscription>> ListSubscriptionsAsync(Caller caller, string recordId, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        if (await records.GetAsync(caller.OrgId, recordId, ct) is null)
        {
            throw new NotFoundException("record", recordId);
        }

        return await subscriptions.ListForRecordAsync(caller.OrgId, recordId, ct);
    }

    private async Task<MailingList> StaticListForChange(Caller caller, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (recordIds.Count is 0 or > MaxIdsPerCall)
        {
            throw new ValidationException("record_ids", $"between 1 and {MaxIdsPerCall} ids per call");
        }

        var list = await Find(caller, listId, ct);
        return list.IsDynamic
            ? throw new PreconditionFailedException("DYNAMIC_LIST", "list_id", "Members of a dynamic list come from its criteria; they cannot be added or removed.")
            : list;
    }

    private async Task<MailingList> Find(Caller caller, string id, CancellationToken ct) =>
        await lists.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
}
