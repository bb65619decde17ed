using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassEmail.Plugins.Abstractions;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Zoho's Email-API-style webhooks (<c>unsubscribed</c>, <c>bounce</c>, <c>spam</c>): JSON with an <c>action</c> and a
/// <c>data</c> array of contacts (<c>contact_email</c>, <c>bounce_type</c>). Zoho does not sign them: a request must
/// carry the connection's webhook secret in its URL or its basic-auth user and password.
/// </summary>
internal static class ZohoWebhooks
{
    public static WebhookVerdict Parse(PluginConnection connection, WebhookRequest request, TimeProvider time)
    {
        if (!Authenticated(connection, request))
        {
            return WebhookVerdict.Unauthorized("missing or wrong webhook secret");
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookVerdict.Validation();
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            var root = document.RootElement;
            var action = Text(root, "action");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return WebhookVerdict.Malformed("expected an object with a data array");
            }

            var events = new List<WebhookEvent>();
            var ignored = 0;
            var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)))[..16];
            var index = 0;
            foreach (var item in data.EnumerateArray())
            {
                var email = Text(item, "contact_email");
                var kind = (Text(item, "action") ?? action)?.ToLowerInvariant() switch
                {
                    "unsubscribed" or "unsubscribe" => WebhookEventKind.Unsubscribed,
                    "bounce" or "bounced" when !string.Equals(Text(item, "bounce_type"), "soft", StringComparison.OrdinalIgnoreCase) => WebhookEventKind.Bounced,
                    "spam" => WebhookEventKind.Complained,
                    _ => (WebhookEventKind?)null,
                };
                if (email is null || kind is null)
                {
                    ignored++;
                    continue;
                }

                events.Add(new WebhookEvent(kind.Value, email, null, time.GetUtcNow(), $"zoho:{bodyHash}:{index++}", Reason: Text(item, "bounce_type")));
            }

            return new WebhookVerdict(WebhookDecision.Accepted, events, Ignored: ignored);
        }
        catch (JsonException)
        {
            return WebhookVerdict.Malformed("not JSON");
        }
    }

    private static bool Authenticated(PluginConnection connection, WebhookRequest request)
    {
        if (connection.Credentials.Find("webhook_secret") is { } secret && SecretComparison.Matches(request.UrlSecret, secret))
        {
            return true;
        }

        if (connection.Credentials.Find("webhook_user") is { } user && connection.Credentials.Find("webhook_password") is { } password &&
            request.Header("Authorization") is { } header && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return SecretComparison.Matches(header[6..].Trim(), Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return false;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
