using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// Use cases of autoresponders. Reading needs the mass-email permission of the module; changing also needs
/// <see cref="Permission.SchedulesWrite"/>, as schedules do. Autoresponders of modules the caller may not mail are
/// reported as not found. Enrolling and sending are <see cref="AutoresponderRunner"/>'s.
/// </summary>
public sealed class AutoresponderService(
    IAutoresponderStore store,
    ICustomViewStore views,
    IMailingListStore lists,
    ITemplateStore templates,
    IOrganisationStore organisations,
    IUserStore users,
    TimeProvider time)
{
    public const int MaxPageSize = 200;
    private const string Resource = "autoresponder";

    public async Task<Autoresponder> CreateAsync(Caller caller, AutoresponderDraft draft, CancellationToken ct)
    {
        RequireWrite(caller, draft.Module);
        await CheckAsync(caller, draft, caller.UserId, ct);
        var now = time.GetUtcNowMs();
        var created = new Autoresponder(Ids.New(time), caller.OrgId, draft.Name.Trim(), draft.Module, draft.Trigger, draft.Steps, draft.Window,
            false, null, false, null, caller.UserId, 1, now, now);
        await store.InsertAsync(created, ct);
        return created;
    }

    public Task<Autoresponder> GetAsync(Caller caller, string id, CancellationToken ct) => FindAsync(caller, id, ct);

    /// <summary>A page of the autoresponders the caller may read, in id order, and the token of the next page.</summary>
    public async Task<(IReadOnlyList<Autoresponder> Page, string NextToken)> ListAsync(Caller caller, string? afterId, int size, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var rows = await store.ListAsync(caller.OrgId, afterId, size + 1, ct);
        var page = rows.Take(size).ToList();
        var token = rows.Count > size ? page[^1].Id : "";
        return ([.. page.Where(a => SendPermissions.Allows(caller, a.Module))], token);
    }

    public async Task<Autoresponder> UpdateAsync(Caller caller, string id, long expectedVersion, AutoresponderDraft draft, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        if (draft.Module != current.Module)
        {
            throw new ValidationException("module", $"cannot change: the autoresponder mails {current.Module}");
        }

        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        await CheckAsync(caller, draft, current.CreatedByUserId, ct);
        var next = current with
        {
            Name = draft.Name.Trim(),
            Trigger = draft.Trigger,
            Steps = draft.Steps,
            Window = draft.Window,

            // Another trigger's events are read from the activation on, not from where the old trigger's were.
            EnrollCursor = draft.Trigger == current.Trigger ? current.EnrollCursor : null,
            ActivatedAt = draft.Trigger == current.Trigger || !current.Active ? current.ActivatedAt : time.GetUtcNowMs(),
            Version = current.Version + 1,
            UpdatedAt = time.GetUtcNowMs(),
        };
        return await ReplaceAsync(next, expectedVersion, ct);
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        if (!await store.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }

    /// <summary>
    /// Starts enrolling: events after now, and with <paramref name="enrollExisting"/> the records that match now. An active
    /// autoresponder is returned as it is.
    /// </summary>
    public async Task<Autoresponder> ActivateAsync(Caller caller, string id, bool enrollExisting, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        if (current.Active)
        {
            return current;
        }

        var now = time.GetUtcNowMs();
        var next = current with
        {
            Active = true,
            ActivatedAt = now,
            EnrollExisting = enrollExisting,
            EnrollCursor = null,
            Version = current.Version + 1,
            UpdatedAt = now,
        };
        return await ReplaceAsync(next, current.Version, ct);
    }

    public async Task<Autoresponder> DeactivateAsync(Caller caller, string id, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        if (!current.Active)
        {
            return current;
        }

        var next = current with { Active = false, Version = current.Version + 1, UpdatedAt = time.GetUtcNowMs() };
        return await ReplaceAsync(next, current.Version, ct);
    }

    /// <summary>A page of the autoresponder's enrolments in record id order, and the token of the next page.</summary>
    public async Task<(IReadOnlyList<Enrollment> Page, string NextToken)> ListEnrollmentsAsync(
        Caller caller, string id, string? afterRecordId, int size, CancellationToken ct)
    {
        await FindAsync(caller, id, ct);
        var rows = await store.ListEnrollmentsAsync(caller.OrgId, id, afterRecordId, size + 1, ct);
        var page = rows.Take(size).ToList();
        return (page, rows.Count > size ? page[^1].RecordId : "");
    }

    private async Task<Autoresponder> ReplaceAsync(Autoresponder next, long expectedVersion, CancellationToken ct) =>
        await store.ReplaceAsync(next, expectedVersion, ct) switch
        {
            WriteOutcome.Done => next,
            WriteOutcome.NotFound => throw new NotFoundException(Resource, next.Id),
            _ => throw new VersionConflictException(Resource, next.Id, expectedVersion),
        };

    private static void RequireWrite(Caller caller, Recipients.RecordModule module)
    {
        SendPermissions.Require(caller, module);
        caller.Require(Permission.SchedulesWrite);
    }

    private async Task<Autoresponder> FindAsync(Caller caller, string id, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var found = await store.GetAsync(caller.OrgId, id, ct);
        return found is not null && SendPermissions.Allows(caller, found.Module) ? found : throw new NotFoundException(Resource, id);
    }

    /// <summary>The rules of <see cref="AutoresponderRules"/>, then the trigger's list or view, each step's template and address choices.</summary>
    private async Task CheckAsync(Caller caller, AutoresponderDraft draft, string creatorId, CancellationToken ct)
    {
        AutoresponderRules.Check(draft);
        var module = draft.Trigger.Kind == TriggerKind.List
            ? (await lists.GetAsync(caller.OrgId, draft.Trigger.TargetId, ct) ?? throw new NotFoundException("mailing list", draft.Trigger.TargetId)).Module
            : (await views.GetAsync(caller.OrgId, draft.Trigger.TargetId, ct) ?? throw new NotFoundException("custom view", draft.Trigger.TargetId)).Module;
        if (module != draft.Module)
        {
            throw new ValidationException(draft.Trigger.Kind == TriggerKind.List ? "trigger.list_id" : "trigger.view_id", $"belongs to {module}, not {draft.Module}");
        }

        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        var user = await users.GetAsync(caller.OrgId, creatorId, ct);
        for (var i = 0; i < draft.Steps.Count; i++)
        {
            var step = draft.Steps[i];
            var template = await templates.GetAsync(caller.OrgId, step.TemplateId, ct) ?? throw new NotFoundException("template", step.TemplateId);
            try
            {
                MassSendService.Sender(step.From, "from", template.From, user, org);
                MassSendService.Sender(step.ReplyTo, "reply_to", template.ReplyTo, user, org);
            }
            catch (ValidationException e)
            {
                throw e.WithPrefix($"steps[{i}].");
            }
            catch (PreconditionFailedException e)
            {
                throw new PreconditionFailedException(e.Type, $"steps[{i}].{e.Subject}", e.Message);
            }
        }
    }
}
