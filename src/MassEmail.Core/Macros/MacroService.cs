using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Macros;

/// <summary>
/// Use cases of macros. A run starts a mass send to the records given through <see cref="MassSendService"/>, so it
/// counts against the bulk quota and skips opted-out, suppressed and repeated addresses as every mass send does.
/// Macros of modules the caller may not mail are reported as not found.
/// </summary>
public sealed class MacroService(IMacroStore macros, ITemplateStore templates, MassSendService sends, TimeProvider time)
{
    private const string Resource = "macro";

    public async Task<Macro> CreateAsync(Caller caller, MacroDraft draft, CancellationToken ct)
    {
        SendPermissions.Require(caller, draft.Module);
        await CheckAsync(caller, draft, ct);
        var now = time.GetUtcNowMs();
        var macro = new Macro(Ids.New(time), caller.OrgId, draft.Module, draft.Name.Trim(), draft.TemplateId, draft.From, draft.ReplyTo,
            caller.UserId, 1, now, now);
        await macros.InsertAsync(macro, ct);
        return macro;
    }

    public async Task<Macro> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var macro = await macros.GetAsync(caller.OrgId, id, ct);
        return macro is not null && SendPermissions.Allows(caller, macro.Module) ? macro : throw new NotFoundException(Resource, id);
    }

    public async Task<IReadOnlyList<Macro>> ListAsync(Caller caller, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        return [.. (await macros.ListAsync(caller.OrgId, ct)).Where(m => SendPermissions.Allows(caller, m.Module))];
    }

    /// <summary>Replaces name, template and address choices; the module may be repeated, never changed.</summary>
    public async Task<Macro> UpdateAsync(Caller caller, string id, long expectedVersion, MacroDraft draft, CancellationToken ct)
    {
        var current = await GetAsync(caller, id, ct);
        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        if (draft.Module != current.Module)
        {
            throw new ValidationException("module", $"cannot change: the macro belongs to {current.Module}");
        }

        await CheckAsync(caller, draft, ct);
        var next = current with
        {
            Name = draft.Name.Trim(),
            TemplateId = draft.TemplateId,
            From = draft.From,
            ReplyTo = draft.ReplyTo,
            Version = current.Version + 1,
            UpdatedAt = time.GetUtcNowMs(),
        };
        return await macros.ReplaceAsync(next, expectedVersion, ct) switch
        {
            WriteOutcome.Done => next,
            WriteOutcome.NotFound => throw new NotFoundException(Resource, id),
            _ => throw new VersionConflictException(Resource, id, expectedVersion),
        };
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        await GetAsync(caller, id, ct);
        if (!await macros.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }

    /// <summary>
    /// Starts the mass send of a run. The idempotency key is scoped to the macro (<c>macro:ID:KEY</c>), so the same
    /// key used for another macro or a mass send starts its own send.
    /// </summary>
    public async Task<MassSend> RunAsync(Caller caller, string id, IReadOnlyList<string> recordIds, string idempotencyKey, CancellationToken ct)
    {
        var macro = await GetAsync(caller, id, ct);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MassSendService.MaxIdempotencyKeyLength)
        {
            throw new ValidationException("idempotency_key", $"1 to {MassSendService.MaxIdempotencyKeyLength} characters are required");
        }

        var request = new StartMassSendRequest(macro.Module, macro.TemplateId, macro.From, macro.ReplyTo,
            new RecordsAudience(recordIds), $"macro:{macro.Id}:{idempotencyKey}");
        return await sends.StartAsync(caller, request, ct);
    }

    private async Task CheckAsync(Caller caller, MacroDraft draft, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(draft.Name, "name", violations);
        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        _ = await templates.GetAsync(caller.OrgId, draft.TemplateId, ct) ?? throw new NotFoundException("template", draft.TemplateId);
    }
}
