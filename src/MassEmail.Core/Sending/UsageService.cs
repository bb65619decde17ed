using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending;

/// <summary>Today's quota usage of an organisation and a user, and what the provider's shared account can still send.</summary>
/// <param name="ProviderRemaining24Hours">The provider account's Max24HourSend − SentLast24Hours (<see cref="double.PositiveInfinity"/>:
/// no limit); null when the provider cannot tell.</param>
public sealed record Usage(DateOnly Day, long BulkUsed, long BulkLimit, long IndividualUsed, long IndividualLimit, double? ProviderRemaining24Hours = null);

/// <summary>Use cases around daily quotas: usage reports and test sends (individual quota).</summary>
public sealed class UsageService(
    IQuotaStore quotas,
    QuotaPolicy policy,
    IOrganisationStore organisations,
    IUserStore users,
    Templates.ITemplateStore templates,
    Templates.TemplateCompiler compiler,
    MessageComposer composer,
    Transport.IMailTransport transport,
    Dispatch.TransportLimiter limiters,
    ProviderAccountCheck provider,
    TimeProvider time)
{
    public async Task<Usage> GetAsync(Caller caller, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        var day = policy.Today;
        return new Usage(
            day,
            await quotas.GetUsedAsync(caller.OrgId, QuotaPolicy.BulkCounter, day, ct),
            policy.BulkLimit(org),
            await quotas.GetUsedAsync(caller.OrgId, QuotaPolicy.IndividualCounter, day, ct),
            await IndividualPoolAsync(org, ct),
            (await provider.ReadAsync(ct))?.Remaining24Hours);
    }

    /// <summary>Sends the template to the caller with sample record values; takes one from the organisation's individual pool.</summary>
    public async Task<(string MessageId, string To)> SendTestAsync(
        Caller caller, string templateId, IReadOnlyDictionary<string, object?> sample, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        var user = await users.GetAsync(caller.OrgId, caller.UserId, ct) ?? throw new NotFoundException("user", caller.UserId);
        var template = await templates.GetAsync(caller.OrgId, templateId, ct) ?? throw new NotFoundException("template", templateId);
        // What an earlier build stored unchecked: the test goes to the caller, from the template's mailbox or the caller's.
        MailboxRules.RequireSendable(user.Mailbox, "user", "A test email goes to your account: your account's");
        foreach (var (mailbox, field) in new[] { (template.From, "from"), (template.ReplyTo, "reply_to") })
        {
            if (mailbox is not null)
            {
                MailboxRules.RequireSendable(mailbox, "template." + field, $"The template's {field} cannot be used: the template's");
            }
        }

        var day = policy.Today;
        var compiled = compiler.GetOrCompile(template.CacheKey, template.Content);
        var record = new Recipients.RecipientRecord(
            "000000000000000000000000", caller.OrgId, Recipients.RecordModule.Candidates, "test", Text(sample, "name"), Text(sample, "first_name"),
            Text(sample, "last_name"), user.Email, user.Email, Recipients.EmailStatus.Valid, user.Email.ToLowerInvariant(), "", "", caller.UserId, null,
            false, new Dictionary<string, Recipients.FieldValue>(), "", time.GetUtcNowMs(), time.GetUtcNowMs());
        var send = new MassSend("000000000000000000000000", caller.OrgId, record.Module, template.Id, template.Version, AddressChoice.Account,
            AddressChoice.Account, caller.UserId, "", AudienceJson.Serialize(new Recipients.Audience.RecordsAudience([record.Id])), "test", SendState.Sending, "", 1, day, 1, record.CreatedAt, record.CreatedAt, true, null, null, null);
        var content = new SendContent(template.Subject, template.HtmlBody, template.TextBody, template.Engine, template.From, template.ReplyTo);

        // Rendered before the quota is touched: a template that fails to render costs nothing.
        var message = await composer.ComposeAsync(send, content, compiled, record, user, org, ct);
        var counter = QuotaPolicy.IndividualCounter;
        var limit = await IndividualPoolAsync(org, ct);
        var (granted, used) = await quotas.TryReserveAsync(caller.OrgId, counter, day, 1, limit, ct);
        if (!granted)
        {
            throw new QuotaExceededException("individual", 1, Math.Max(0, limit - used), day);
        }

        // A test email counts against the account's rate like any other: one limit for everything this account sends.
        await (await limiters.GetAsync(ct)).AcquireAsync(ct);

        // A transport that throws may have sent: its unit stays counted.
        var result = await transport.SendAsync(message with { Subject = "[Test] " + message.Subject }, ct);
        if (result.Status != Transport.SendStatus.Sent)
        {
            await quotas.ReleaseAsync(caller.OrgId, counter, day, 1, ct);
            throw new PreconditionFailedException("SEND_FAILED", "template_id", $"The test email was not sent: {result.Status} {result.Error}");
        }

        return (result.MessageId ?? "", user.Email);
    }

    /// <summary>The organisation's individual emails per day: the edition's figure times its active users.</summary>
    private async Task<long> IndividualPoolAsync(Organisation org, CancellationToken ct) =>
        policy.IndividualPool(org, (await users.ListAsync(org.Id, ct)).Count(u => u.Active));

    private static string Text(IReadOnlyDictionary<string, object?> sample, string key) =>
        sample.TryGetValue(key, out var v) && v is string s ? s : "";
}
