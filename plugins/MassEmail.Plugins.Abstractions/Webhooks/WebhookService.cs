using MassEmail.Core.Connections;
using MassEmail.Core.Deliverability;
using MassEmail.Core.Syncs;
using Microsoft.Extensions.Logging;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A vendor's webhook for one connection (issue 14 item 6): the connection found by the id in its URL, the request
/// verified and parsed by the connection's plugin (<see cref="ICampaignToolPlugin.ParseWebhook"/>), then its events
/// applied at once by <see cref="RemoteOptOutApplier"/>, the rule polling applies too, with a bounded amount of store
/// work (at most <see cref="MaxEvents"/> events, each touching at most
/// <see cref="RemoteOptOutApplier.MaxRecordsPerAddress"/> records per module): unsubscribed, bounced (Mailchimp
/// cleaned, Zoho hard bounce) and complained (abuse, spam) as that rule says; subscribed, profile and address changes
/// ignored (a remote subscribe never undoes a local opt-out, and fields flow from here to the vendor only). An
/// unsubscribe from a list no sync definition of the connection targets changes nothing and counts as ignored.
/// Application is idempotent rather than de-duplicated by key, so a re-delivered event changes nothing.
/// </summary>
public sealed class WebhookService(
    IConnectionStore connections,
    ConnectionService connectionService,
    ISyncDefinitionStore syncs,
    RemoteOptOutApplier applier,
    ILogger<WebhookService> logger)
{
    /// <summary>Most events one request may carry (more: 413, nothing applied), so that the answer stays fast.</summary>
    public const int MaxEvents = 100;

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
        var definitions = await syncs.ListAsync(stored.OrgId, stored.Id, ct);
        foreach (var e in verdict.Events)
        {
            var result = await ApplyAsync(stored, definitions, e, ct);
            applied += result.Changes;
            InboundEventTelemetry.Webhook(stored.Vendor, e.Kind.ToString().ToLowerInvariant(), result.Targeted ? InboundEventTelemetry.Applied : InboundEventTelemetry.Ignored);
        }

        InboundEventTelemetry.Webhook(stored.Vendor, "echo", InboundEventTelemetry.Ignored, verdict.Ignored);
        logger.LogInformation(
            "Webhook for connection {ConnectionId} ({Vendor}): {Events} event(s), {Ignored} ignored, {Applied} change(s) applied",
            stored.Id, stored.Vendor, verdict.Events.Count, verdict.Ignored, applied);
        return new WebhookOutcome(200, applied);
    }

    private async Task<RemoteOptOutResult> ApplyAsync(Connection connection, IReadOnlyList<SyncDefinition> definitions, WebhookEvent e, CancellationToken ct)
    {
        RemoteOptOutKind? kind = e.Kind switch
        {
            WebhookEventKind.Unsubscribed => RemoteOptOutKind.Unsubscribed,
            WebhookEventKind.Bounced => RemoteOptOutKind.Bounced,
            WebhookEventKind.Complained => RemoteOptOutKind.Complained,
            _ => null,
        };
        if (kind is null)
        {
            return RemoteOptOutResult.Ignored;
        }

        var detail = $"{connection.Vendor} webhook{(e.Reason is { Length: > 0 } r ? ": " + r : "")}";
        return await applier.ApplyAsync(
            connection.OrgId, RemoteOptOutApplier.Targeting(definitions, e.RemoteListId), new RemoteOptOut(e.Email, kind.Value, e.FiredAt), detail, ct);
    }
}
