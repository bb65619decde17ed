using MassEmail.Core.Connections;
using MassEmail.Core.Consent;
using MassEmail.Core.Deliverability;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Syncs;
using Microsoft.Extensions.Logging;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A vendor's webhook for one connection (issue 14 item 6): the connection found by the id in its URL, the request
/// verified and parsed by the connection's plugin (<see cref="ICampaignToolPlugin.ParseWebhook"/>), then its events
/// applied at once, with a bounded amount of store work (at most <see cref="MaxEvents"/> events, each touching at most
/// <see cref="MaxRecordsPerAddress"/> records per mapped list):
/// <list type="bullet">
/// <item>unsubscribed: for each of the connection's sync definitions whose source is a local mailing list and whose
/// target is the event's remote list (every such definition when the vendor names no list, as Zoho's do), the records
/// of that address in the definition's module leave the local list through <see cref="ConsentService"/> (source
/// <c>plugin</c>, history and outbox in one write);</item>
/// <item>bounced (Mailchimp cleaned, Zoho hard bounce) and complained (abuse, spam): the address is suppressed in the
/// organisation (reason bounce or complaint, source <c>plugin</c>), as SES's own events are; no send mails it again;</item>
/// <item>subscribed, profile and address changes: ignored (a remote subscribe never undoes a local unsubscription, and
/// fields flow from here to the vendor only).</item>
/// </list>
/// Application is idempotent rather than de-duplicated by key: a record already off the list is left alone and a
/// suppression keeps its first entry, so a re-delivered event changes nothing.
/// </summary>
public sealed class WebhookService(
    IConnectionStore connections,
    ConnectionService connectionService,
    ISyncDefinitionStore syncs,
    IRecordStore records,
    IListSubscriptionStore subscriptions,
    ConsentService consent,
    SuppressionService suppressions,
    ILogger<WebhookService> logger)
{
    /// <summary>Most events one request may carry (more: 413, nothing applied), so that the answer stays fast.</summary>
    public const int MaxEvents = 100;

    /// <summary>Most records of one address and module unsubscribed from one list per event.</summary>
    public const int MaxRecordsPerAddress = 10;

    /// <summary>Verifies, parses and applies the request for the connection <paramref name="connectionId"/>.</summary>
    public async Task<WebhookOutcome> ReceiveAsync(string connectionId, WebhookRequest request, CancellationToken ct)
    {
        if (await connections.FindByIdAsync(connectionId, ct) is not { } stored || connectionService.Open(stored) is not { } opened)
        {
            InboundEventTelemetry.Webhook("unknown", "none", InboundEventTelemetry.Refused);
            return WebhookOutcome.Unauthorized;
        }

        var (plugin, connection) = opened;

        var verdict = plugin.ParseWebhook(connection, request);
        if (verdict.Decision == WebhookDecision.Unauthorized)
        {
            InboundEventTelemetry.Webhook(stored.Vendor, "none", InboundEventTelemetry.Refused);
            logger.LogWarning("Refused a webhook for connection {ConnectionId}: {Detail}", stored.Id, verdict.Detail);
            return WebhookOutcome.Unauthorized;
        }

        if (verdict.Decision != WebhookDecision.Accepted)
        {
            InboundEventTelemetry.Webhook(stored.Vendor, "none", verdict.StatusCode < 400 ? InboundEventTelemetry.Ignored : InboundEventTelemetry.Malformed);
            return new WebhookOutcome(verdict.StatusCode, Detail: verdict.Detail);
        }

        if (verdict.Events.Count > MaxEvents)
        {
            InboundEventTelemetry.Webhook(stored.Vendor, "none", InboundEventTelemetry.Malformed);
            return new WebhookOutcome(413, Detail: $"at most {MaxEvents} events per request");
        }

        var applied = 0;
        foreach (var e in verdict.Events)
        {
            applied += await ApplyAsync(stored, e, ct);
            InboundEventTelemetry.Webhook(stored.Vendor, e.Kind.ToString().ToLowerInvariant(),
                e.Kind is WebhookEventKind.Unsubscribed or WebhookEventKind.Bounced or WebhookEventKind.Complained ? InboundEventTelemetry.Applied : InboundEventTelemetry.Ignored);
        }

        InboundEventTelemetry.Webhook(stored.Vendor, "echo", InboundEventTelemetry.Ignored, verdict.Ignored);
        logger.LogInformation(
            "Webhook for connection {ConnectionId} ({Vendor}): {Events} event(s), {Ignored} ignored, {Applied} change(s) applied",
            stored.Id, stored.Vendor, verdict.Events.Count, verdict.Ignored, applied);
        return new WebhookOutcome(200, applied);
    }

    private async Task<int> ApplyAsync(Connection connection, WebhookEvent e, CancellationToken ct)
    {
        if (!TryKey(e.Email, out var key))
        {
            return 0;
        }

        return e.Kind switch
        {
            WebhookEventKind.Unsubscribed => await UnsubscribeAsync(connection, e, key, ct),
            WebhookEventKind.Bounced => await SuppressAsync(connection, e, SuppressionReason.Bounce, ct),
            WebhookEventKind.Complained => await SuppressAsync(connection, e, SuppressionReason.Complaint, ct),
            _ => 0,
        };
    }

    private async Task<int> UnsubscribeAsync(Connection connection, WebhookEvent e, string key, CancellationToken ct)
    {
        var applied = 0;
        var mapped = (await syncs.ListAsync(connection.OrgId, connection.Id, ct))
            .Where(d => d.Settings.Source.Kind == SyncSourceKind.List && (e.RemoteListId is null || d.Settings.RemoteListId == e.RemoteListId));
        foreach (var definition in mapped)
        {
            var listId = definition.Settings.Source.Value;
            foreach (var record in await records.FindByEmailKeyAsync(connection.OrgId, definition.Settings.Module, key, MaxRecordsPerAddress, ct))
            {
                var state = await subscriptions.GetAsync(connection.OrgId, listId, record.Id, ct);
                if (state?.State == SubscriptionState.Unsubscribed)
                {
                    continue;
                }

                if (await consent.ChangeAsync(connection.OrgId, record.Id, listId, ConsentKind.Unsubscribed, ConsentSource.Plugin, ct))
                {
                    applied++;
                }
            }
        }

        return applied;
    }

    private async Task<int> SuppressAsync(Connection connection, WebhookEvent e, SuppressionReason reason, CancellationToken ct)
    {
        var detail = $"{connection.Vendor} webhook{(e.Reason is { Length: > 0 } r ? ": " + r : "")}";
        var (_, added) = await suppressions.SuppressAsync(connection.OrgId, e.Email, reason, ConsentSource.Plugin, detail.Length > 100 ? detail[..100] : detail, ct);
        return added ? 1 : 0;
    }

    private static bool TryKey(string email, out string key)
    {
        try
        {
            key = SuppressionService.Parse(email, "email").Key;
            return true;
        }
        catch (ValidationException)
        {
            key = "";
            return false;
        }
    }
}
