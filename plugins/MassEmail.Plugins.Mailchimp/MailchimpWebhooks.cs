using System.Globalization;
using MassEmail.Plugins.Abstractions;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// Mailchimp webhooks: a GET that validates the URL (answer 200), then form-encoded POSTs with <c>type</c>,
/// <c>fired_at</c> (<c>Y-m-d H:i:s</c>) and <c>data[...]</c>. Mailchimp does not sign them: the secret is in the URL.
/// Nothing here answers 410, which would make Mailchimp disable the webhook.
/// </summary>
internal static class MailchimpWebhooks
{
    public static WebhookVerdict Parse(PluginConnection connection, WebhookRequest request, MailchimpEchoFilter echoes)
    {
        if (!SecretComparison.Matches(request.UrlSecret, connection.Credentials.Find("webhook_secret")))
        {
            return WebhookVerdict.Unauthorized("missing or wrong webhook secret");
        }

        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookVerdict.Validation();
        }

        var form = FormBody.Parse(request.Body);
        var type = form.GetValueOrDefault("type");
        if (type is null || !DateTime.TryParseExact(form.GetValueOrDefault("fired_at"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var fired))
        {
            return WebhookVerdict.Malformed("type and fired_at (Y-m-d H:i:s) are required");
        }

        if (type == "campaign")
        {
            return new WebhookVerdict(WebhookDecision.Accepted, [], "campaign events are not list changes", Ignored: 1);
        }

        var email = type == "upemail" ? form.GetValueOrDefault("data[old_email]") : form.GetValueOrDefault("data[email]");
        var reason = form.GetValueOrDefault("data[reason]");
        WebhookEventKind? kind = type switch
        {
            "subscribe" => WebhookEventKind.Subscribed,
            "unsubscribe" when reason == "abuse" => WebhookEventKind.Complained,
            "unsubscribe" => WebhookEventKind.Unsubscribed,
            "cleaned" when reason == "abuse" => WebhookEventKind.Complained,
            "cleaned" => WebhookEventKind.Bounced,
            "profile" => WebhookEventKind.ProfileUpdated,
            "upemail" => WebhookEventKind.EmailChanged,
            _ => null,
        };
        if (kind is null || string.IsNullOrWhiteSpace(email))
        {
            return WebhookVerdict.Malformed($"unknown type or no address: {type}");
        }

        var firedAt = new DateTimeOffset(DateTime.SpecifyKind(fired, DateTimeKind.Utc));
        var listId = form.GetValueOrDefault("data[list_id]");
        var id = form.GetValueOrDefault("data[id]") ?? MailchimpSubscriberHash.Of(email);
        var e = new WebhookEvent(kind.Value, email, listId, firedAt, $"mailchimp:{type}:{listId}:{id}:{firedAt.ToUnixTimeSeconds()}",
            form.GetValueOrDefault("data[new_email]"), reason ?? form.GetValueOrDefault("data[action]"));
        return echoes.IsEcho(connection.Id, e)
            ? new WebhookVerdict(WebhookDecision.Accepted, [], "an echo of our own API change", Ignored: 1)
            : new WebhookVerdict(WebhookDecision.Accepted, [e]);
    }
}
