using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending;

/// <summary>Use cases of mass sends: start (with quota reservation), read, pause, resume, cancel.</summary>
public sealed class MassSendService(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    SendQuota quota,
    QuotaPolicy policy,
    ITemplateStore templates,
    IOrganisationStore organisations,
    IUserStore users,
    AudienceService audiences,
    IAudienceStore audienceStore,
    ProviderAccountCheck provider,
    TimeProvider time)
{
    public const int MaxIdempotencyKeyLength = 200;
    private const string Resource = "mass send";

    /// <summary>
    /// Validates, checks the provider's account (<see cref="ProviderAccountCheck"/>), reserves bulk quota for the audience's
    /// eligible count (RESOURCE_EXHAUSTED when it does not fit) and stores the send as QUEUED. The snapshot and sending
    /// happen in the background.
    /// </summary>
    public async Task<MassSend> StartAsync(Caller caller, StartMassSendRequest request, CancellationToken ct)
    {
        SendPermissions.Require(caller, request.Module);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ValidationException("idempotency_key", $"1 to {MaxIdempotencyKeyLength} characters are required");
        }

        var fingerprint = SendFingerprint.Of(request);
        var existing = await FindByKeyAsync(caller, request.IdempotencyKey, ct);
        if (existing is not null)
        {
            return SameRequest(existing, request.IdempotencyKey, fingerprint);
        }

        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        if (org.Edition == Edition.Free)
        {
            throw new PreconditionFailedException("EDITION_FREE", "organisation", "The Free edition cannot send mass email.");
        }

        var template = await templates.GetAsync(caller.OrgId, request.TemplateId, ct) ?? throw new NotFoundException("template", request.TemplateId);
        var user = await users.GetAsync(caller.OrgId, caller.UserId, ct);
        var content = new SendContent(template.Subject, template.HtmlBody, template.TextBody, template.Engine,
            Sender(request.From, "from", template.From, user, org), Sender(request.ReplyTo, "reply_to", template.ReplyTo, user, org));
        var query = await audiences.ResolveRequestedAsync(caller, request.Module, request.Audience, ct);
        var day = policy.Today;
        var limit = policy.BulkLimit(org);

        // Reserve first for every record nothing but duplication skips: one quick pass over the audience.
        // The snapshot finds the duplicates and gives their share back. Only when that does not fit are the
        // duplicates counted (a sort of every address), so that a send that fits is never refused.
        var eligible = await audienceStore.CountBeforeDuplicatesAsync(query, ct);
        await provider.RequireRoomAsync(eligible, async () => (await audienceStore.CountAsync(query, ct)).Eligible, ct);
        var (granted, used) = await quota.ReserveAsync(caller.OrgId, day, eligible, limit, ct);
        if (!granted)
        {
            eligible = (await audienceStore.CountAsync(query, ct)).Eligible;
            (granted, used) = await quota.ReserveAsync(caller.OrgId, day, eligible, limit, ct);
            if (!granted)
            {
                throw new QuotaExceededException(QuotaPolicy.BulkCounter, eligible, Math.Max(0, limit - used), day);
            }
        }

        var now = time.GetUtcNowMs();
        var send = new MassSend(Ids.New(time), caller.OrgId, request.Module, template.Id, template.Version, request.From, request.ReplyTo,
            caller.UserId, content.ToJson(), AudienceJson.Serialize(request.Audience), request.IdempotencyKey, SendState.Queued, "",
            eligible, day, 1, now, now, false, null, null, fingerprint);
        var stored = await sends.InsertOrGetAsync(send, ct);
        if (stored.Id != send.Id)
        {
            // Lost a race with the same idempotency key: the other call's send stands, and this one reserved for nothing.
            await quota.GiveBackAsync(caller.OrgId, day, eligible, ct);
            return SameRequest(stored, request.IdempotencyKey, fingerprint);
        }

        return stored;
    }

    public async Task<(MassSend Send, DeliveryCounts Counts)> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var send = await FindAsync(caller, id, ct);
        return (send, await deliveries.CountAsync(caller.OrgId, id, ct));
    }

    public async Task<IReadOnlyList<MassSend>> ListAsync(Caller caller, SendState? state, string? beforeId, int limit, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        return await sends.ListAsync(caller.OrgId, state, beforeId, limit, ct);
    }

    public Task<MassSend> PauseAsync(Caller caller, string id, CancellationToken ct) =>
        ChangeAsync(caller, id, s => s.Pause("paused by a user", time.GetUtcNowMs()), ct);

    public Task<MassSend> ResumeAsync(Caller caller, string id, CancellationToken ct) =>
        ChangeAsync(caller, id, s => s.Resume(time.GetUtcNowMs()), ct);

    public Task<MassSend> CancelAsync(Caller caller, string id, CancellationToken ct) =>
        ChangeAsync(caller, id, s => s.Cancel(time.GetUtcNowMs()), ct);

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(
        Caller caller, string id, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct)
    {
        await FindAsync(caller, id, ct);
        return await deliveries.ListAsync(caller.OrgId, id, state, skip, afterId, limit, ct);
    }

    /// <summary>Puts UNKNOWN deliveries back to PENDING: an explicit decision to risk a duplicate for them.</summary>
    public async Task<int> RequeueUnknownAsync(Caller caller, string id, CancellationToken ct)
    {
        var send = await FindAsync(caller, id, ct);
        if (send.State == SendState.Cancelled)
        {
            throw new PreconditionFailedException("SEND_STATE", "id", "A cancelled send cannot requeue deliveries.");
        }

        var count = await deliveries.RequeueUnknownAsync(caller.OrgId, id, ct);
        if (count > 0)
        {
            await ReopenIfCompletedAsync(send, ct);
        }

        return count;
    }

    /// <summary>
    /// A completed send goes back to sending so that its requeued rows leave. Read again when the write finds another
    /// version: the quota settlement sets its flag right after completion, and a reopen lost to it would leave the
    /// requeued rows PENDING in a completed send.
    /// </summary>
    private Task ReopenIfCompletedAsync(MassSend send, CancellationToken ct) =>
        sends.ChangeAsync(send, send.OrgId, send.Id, current => current.State == SendState.Completed ? current.Reopen(time.GetUtcNowMs()) : null, int.MaxValue, ct);

    private async Task<MassSend> ChangeAsync(Caller caller, string id, Func<MassSend, MassSend> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await FindAsync(caller, id, ct);
            var next = change(current);
            if (await sends.ReplaceAsync(next, current.Version, ct) == WriteOutcome.Done)
            {
                return next;
            }

            if (attempt >= 5)
            {
                throw new VersionConflictException(Resource, id, current.Version);
            }
        }
    }

    private async Task<MassSend> FindAsync(Caller caller, string id, CancellationToken ct)
    {
        var send = await sends.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
        SendPermissions.Require(caller, send.Module);
        return send;
    }

    private async Task<MassSend?> FindByKeyAsync(Caller caller, string key, CancellationToken ct)
    {
        // The store's unique (organisation, key) settles races; this read avoids reserving quota for a repeat.
        var send = await sends.GetByIdempotencyKeyAsync(caller.OrgId, key, ct);
        if (send is not null)
        {
            SendPermissions.Require(caller, send.Module);
        }

        return send;
    }

    /// <summary>The send stored under the key, if it was started by the same request; FAILED_PRECONDITION otherwise.</summary>
    private static MassSend SameRequest(MassSend stored, string key, string fingerprint)
    {
        if (SendFingerprint.Of(stored) == fingerprint)
        {
            return stored;
        }

        var quoted = InputText.Quote(key);
        throw new PreconditionFailedException(
            "IDEMPOTENCY_KEY_REUSED",
            "idempotency_key",
            $"The idempotency key '{quoted}' already started send {stored.Id} with another request (module, template, From, Reply-To or audience); use a new key for a new send.");
    }

    /// <summary>
    /// The mailbox <paramref name="choice"/> resolves to (null: each record's owner), refused when what is stored for it
    /// cannot stand in a header. For the record owner choice the organisation's mailbox is checked: it stands in for
    /// records without a usable owner.
    /// </summary>
    internal static Mailbox? Sender(AddressChoice choice, string field, Mailbox? templateAddress, User? user, Organisation org)
    {
        var (mailbox, whose) = choice switch
        {
            AddressChoice.Account => (user?.Mailbox ?? throw new ValidationException(field, "the caller's user has no address"), "your account's"),
            AddressChoice.Organisation => (org.Mailbox, "the organisation's"),
            AddressChoice.Template => (templateAddress ?? throw new ValidationException(field, "the template has no address for this choice"), "the template's"),
            AddressChoice.RecordOwner => (org.Mailbox, "the organisation's (used for records without an active owner)"),
            _ => throw new ValidationException(field, "is not a known address choice"),
        };
        MailboxRules.RequireSendable(mailbox, field, $"The {field} choice {choice} cannot be used: {whose}");
        return choice == AddressChoice.RecordOwner ? null : mailbox;
    }
}
