using System.Globalization;
using System.Text.Json;
using MassEmail.Core.Deliverability;

namespace MassEmail.Server.Http.Sns;

/// <summary>
/// Reads the SES event in an SNS notification's <c>Message</c>, in both shapes: identity notifications
/// (<c>notificationType</c>) and configuration-set event publishing (<c>eventType</c>). Fields SES may add are ignored.
/// </summary>
internal static class SesEventParser
{
    /// <summary>The event, or null when the message is not an SES event (e.g. SNS's own test message).</summary>
    public static ProviderEvent? Parse(string message)
    {
        try
        {
            using var doc = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (Text(root, "eventType") ?? Text(root, "notificationType")) is not { Length: > 0 } kind
                || !root.TryGetProperty("mail", out var mail) || mail.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var tags = mail.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var bounce = BounceType.None;
            var subType = "";
            List<(string, string)> recipients = [];
            var at = mail;
            if (kind == ProviderEvent.BounceKind && root.TryGetProperty("bounce", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                bounce = Text(b, "bounceType") switch
                {
                    "Permanent" => BounceType.Permanent,
                    "Transient" => BounceType.Transient,
                    _ => BounceType.Undetermined,
                };
                subType = Text(b, "bounceSubType") ?? "";
                recipients = Recipients(b, "bouncedRecipients", "diagnosticCode");
                at = b;
            }
            else if (kind == ProviderEvent.ComplaintKind && root.TryGetProperty("complaint", out var c) && c.ValueKind == JsonValueKind.Object)
            {
                recipients = Recipients(c, "complainedRecipients", "complaintFeedbackType");
                subType = Text(c, "complaintFeedbackType") ?? "";
                at = c;
            }
            else
            {
                // Delivery, Open, Click, …: about the message's recipients (one per message of a send).
                recipients = mail.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.Array
                    ? [.. d.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Take(100).Select(r => (r.GetString()!, ""))]
                    : [];
                at = root.TryGetProperty(char.ToLowerInvariant(kind[0]) + kind[1..], out var detail) && detail.ValueKind == JsonValueKind.Object ? detail : mail;
            }

            return new ProviderEvent(
                kind, Text(mail, "messageId") ?? "", Tag(tags, "org"), Tag(tags, "send"), Tag(tags, "record"), bounce, subType, recipients, Time(at) ?? Time(mail) ?? DateTimeOffset.UnixEpoch);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<(string, string)> Recipients(JsonElement parent, string name, string detail) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "emailAddress") is not null)
                .Take(100).Select(r => (Text(r, "emailAddress")!, Text(r, detail) ?? ""))]
            : [];

    private static string? Tag(JsonElement tags, string name) =>
        tags.ValueKind == JsonValueKind.Object && tags.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
            && values.GetArrayLength() > 0 && values[0].ValueKind == JsonValueKind.String
            ? values[0].GetString()
            : null;

    private static DateTimeOffset? Time(JsonElement e) =>
        Text(e, "timestamp") is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
