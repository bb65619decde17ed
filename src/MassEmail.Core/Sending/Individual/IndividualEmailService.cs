using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending.Individual;

/// <summary>
/// SendEmail: one template to one record for the calling user, with the checks, headers and From/Reply-To choices of a
/// mass send, counted against the organisation's pooled individual quota. The key is stored (PENDING) before anything
/// else, the row turns SENDING before the provider call starts and SENT or FAILED after it, so a retried call never
/// sends twice: it gets the stored outcome, or UNKNOWN when a crash came between the call and its outcome. A crash
/// before the call leaves a PENDING row whose lease a retry takes over; if the crash came after the quota was reserved,
/// that one unit stays counted (the count errs high, never low).
/// </summary>
public sealed class IndividualEmailService(
    IIndividualEmailStore emails,
    IRecordStore records,
    ISuppressionStore suppressions,
    IOrganisationStore organisations,
    IUserStore users,
    ITemplateStore templates,
    TemplateCompiler compiler,
    MessageComposer composer,
    IQuotaStore quotas,
    QuotaPolicy policy,
    IMailTransport transport,
    TransportLimiter limiters,
    TimeProvider time)
{
    /// <summary>How long a call holds a PENDING key before a retry may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private const int MaxAttempts = 3;

    public async Task<SendEmailResult> SendAsync(Caller caller, SendEmailRequest request, CancellationToken ct)
    {
        SendPermissions.Require(caller, request.Module);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MassSendService.MaxIdempotencyKeyLength)
        {
            throw new ValidationException("idempotency_key", $"1 to {MassSendService.MaxIdempotencyKeyLength} characters are required");
        }

        var fingerprint = SendFingerprint.Of(request.Module, request.TemplateId, request.From, request.ReplyTo, new RecordsAudience([request.RecordId]));
        var holder = Ids.New(time);
        var existing = await emails.GetAsync(caller.OrgId, request.IdempotencyKey, ct);
        if (existing is not null && !await TakeOverAsync(existing, fingerprint, holder, ct))
        {
            return Replay(existing, fingerprint);
        }

        try
        {
            var prepared = await PrepareAsync(caller, request, existing?.Id ?? Ids.New(time), ct);
            if (existing is null)
            {
                var now = time.GetUtcNow();
                var (stored, added) = await emails.AddAsync(
                    new IndividualEmail(prepared.Id, caller.OrgId, request.IdempotencyKey, fingerprint, caller.UserId, request.Module, request.RecordId,
                        request.TemplateId, IndividualEmailState.Pending, holder, now + Lease, prepared.Message.To, "", "", now, now),
                    ct);
                if (!added)
                {
                    // A call with the same key got there first: its outcome is this call's.
                    return Replay(stored, fingerprint);
                }

                existing = stored;
            }

            await ReserveAsync(prepared.Org, ct);
            return await SendReservedAsync(existing, holder, prepared.Message, ct);
        }
        catch (Exception e) when (e is DomainException or OperationCanceledException)
        {
            // Nothing left: free the key (a no-op once the row is SENDING, or when it was never stored).
            await emails.RemovePendingAsync(caller.OrgId, request.IdempotencyKey, holder, CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> TakeOverAsync(IndividualEmail existing, string fingerprint, string holder, CancellationToken ct) =>
        existing.Fingerprint == fingerprint
        && existing.State == IndividualEmailState.Pending
        && await emails.TakeOverAsync(existing.OrgId, existing.IdempotencyKey, holder, time.GetUtcNow(), time.GetUtcNow() + Lease, ct);

    private static SendEmailResult Replay(IndividualEmail stored, string fingerprint)
    {
        var key = InputText.Quote(stored.IdempotencyKey);
        if (stored.Fingerprint != fingerprint)
        {
            throw new PreconditionFailedException("IDEMPOTENCY_KEY_REUSED", "idempotency_key",
                $"The idempotency key '{key}' already sent email {stored.Id} with another request (module, record, template, From or Reply-To); use a new key for a new email.");
        }

        return stored.State switch
        {
            IndividualEmailState.Pending => throw new PreconditionFailedException("IDEMPOTENCY_KEY_IN_USE", "idempotency_key",
                $"Another call with the idempotency key '{key}' is sending email {stored.Id} now; call again later to read its outcome."),
            IndividualEmailState.Failed => throw Refused(stored.Error),
            _ => new SendEmailResult(stored, Replayed: true),
        };
    }

    private async Task<(string Id, Organisation Org, OutgoingMessage Message)> PrepareAsync(Caller caller, SendEmailRequest request, string id, CancellationToken ct)
    {
        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        var template = await templates.GetAsync(caller.OrgId, request.TemplateId, ct) ?? throw new NotFoundException("template", request.TemplateId);
        var record = await records.GetAsync(caller.OrgId, request.RecordId, ct);
        if (record is null || record.Module != request.Module)
        {
            throw new NotFoundException("record", request.RecordId);
        }

        await RequireSendableAsync(record, ct);
        var user = await users.GetAsync(caller.OrgId, caller.UserId, ct);
        var content = new SendContent(template.Subject, template.HtmlBody, template.TextBody, template.Engine,
            MassSendService.Sender(request.From, "from", template.From, user, org), MassSendService.Sender(request.ReplyTo, "reply_to", template.ReplyTo, user, org));
        var now = time.GetUtcNow();

        // The message of a one-recipient send whose id is the email's: its unsubscribe link names the record like a mass send's.
        var send = new MassSend(id, caller.OrgId, request.Module, template.Id, template.Version, request.From, request.ReplyTo, caller.UserId, "",
            AudienceJson.Serialize(new RecordsAudience([record.Id])), request.IdempotencyKey, SendState.Sending, "", 1, policy.Today, 1, now, now, true, null, null, null);
        var owner = record.OwnerUserId is { } ownerId ? await users.GetAsync(caller.OrgId, ownerId, ct) : null;
        var message = await composer.For(send, content, compiler.GetOrCompile(template.CacheKey, template.Content), org).ComposeAsync(record, owner, ct);
        return (id, org, message);
    }

    /// <summary>The checks a mass send makes of each recipient, as errors: an invalid address, an opt-out, a suppression.</summary>
    private async Task RequireSendableAsync(RecipientRecord record, CancellationToken ct)
    {
        if (!EmailAddressParser.IsValid(record.Email, out var error))
        {
            throw new PreconditionFailedException("EMAIL_INVALID", "record_id", $"The record's address cannot be sent to: {error}");
        }

        if (record.EmailOptOut)
        {
            throw new PreconditionFailedException("OPTED_OUT", "record_id", "The record opted out of email.");
        }

        if (await suppressions.GetAsync(record.OrgId, SuppressionService.KeyOf(record.EmailNormalized), ct) is { } suppressed)
        {
            throw new PreconditionFailedException("SUPPRESSED", "record_id", $"The record's address is on the organisation's suppression list ({suppressed.Reason}).");
        }
    }

    private async Task ReserveAsync(Organisation org, CancellationToken ct)
    {
        var active = (await users.ListAsync(org.Id, ct)).Count(u => u.Active);
        var limit = policy.IndividualPool(org, active);
        var day = policy.Today;
        var (granted, used) = await quotas.TryReserveAsync(org.Id, QuotaPolicy.IndividualCounter, day, 1, limit, ct);
        if (!granted)
        {
            throw new QuotaExceededException(QuotaPolicy.IndividualCounter, 1, Math.Max(0, limit - used), day);
        }
    }

    private async Task<SendEmailResult> SendReservedAsync(IndividualEmail email, string holder, OutgoingMessage message, CancellationToken ct)
    {
        var day = policy.Today;
        if (!await MoveAsync(email, holder, IndividualEmailState.Pending, IndividualEmailState.Sending, "", ""))
        {
            // Held longer than the lease, and a retry took the key over: it sends, this call does not.
            await quotas.ReleaseAsync(email.OrgId, QuotaPolicy.IndividualCounter, day, 1, CancellationToken.None);
            throw new PreconditionFailedException("IDEMPOTENCY_KEY_IN_USE", "idempotency_key", "Another call with this idempotency key took the email over.");
        }

        var limiter = await limiters.GetAsync(ct);
        SendResult result = new(SendStatus.Throttled, null, "");
        for (var attempt = 1; attempt <= MaxAttempts && result.Status is SendStatus.Throttled or SendStatus.TransientError; attempt++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
            result = await transport.SendAsync(message, CancellationToken.None);
            if (result.Status == SendStatus.Throttled)
            {
                limiter.Throttled();
            }
        }

        var stored = email with { State = IndividualEmailState.Sending };
        switch (result.Status)
        {
            case SendStatus.Sent:
                await MoveAsync(email, holder, IndividualEmailState.Sending, IndividualEmailState.Sent, result.MessageId ?? "", "");
                return new SendEmailResult(stored with { State = IndividualEmailState.Sent, MessageId = result.MessageId ?? "" }, Replayed: false);
            case SendStatus.Unknown:
                // It may have left: it stays SENDING (UNKNOWN to the caller) and counted, and is never sent again with this key.
                return new SendEmailResult(stored with { Error = result.Error ?? "" }, Replayed: false);
            case SendStatus.Rejected:
                await MoveAsync(email, holder, IndividualEmailState.Sending, IndividualEmailState.Failed, "", result.Error ?? "rejected");
                await quotas.ReleaseAsync(email.OrgId, QuotaPolicy.IndividualCounter, day, 1, CancellationToken.None);
                throw Refused(result.Error ?? "rejected");
            default:
                // Throttled or a transient error after every attempt, the account paused or its provider quota used up: nothing left. The key
                // is free again, so the same call can be retried later.
                await MoveAsync(email, holder, IndividualEmailState.Sending, IndividualEmailState.Pending, "", "");
                await quotas.ReleaseAsync(email.OrgId, QuotaPolicy.IndividualCounter, day, 1, CancellationToken.None);
                throw new PreconditionFailedException("PROVIDER_UNAVAILABLE", "provider",
                    $"The provider did not take the email ({result.Status}: {InputText.Quote(result.Error ?? "")}); nothing was sent, call again later.");
        }
    }

    private Task<bool> MoveAsync(IndividualEmail email, string holder, IndividualEmailState from, IndividualEmailState to, string messageId, string error) =>
        emails.MoveAsync(email.OrgId, email.IdempotencyKey, holder, from, to, messageId, error, time.GetUtcNow(), CancellationToken.None);

    private static PreconditionFailedException Refused(string error) =>
        new("SEND_FAILED", "record_id", $"The provider refused the email: {InputText.Quote(error)}");
}
