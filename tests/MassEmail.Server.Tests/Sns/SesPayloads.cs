using System.Text.Json;

namespace MassEmail.Server.Tests.Sns;

/// <summary>SES event payloads in both documented shapes: identity notifications (notificationType) and configuration-set events (eventType).</summary>
internal static class SesPayloads
{
    /// <summary>The send id the payloads' tags name unless told otherwise.</summary>
    public const string SendId = "0123456789abcdef01234567";

    public static string Bounce(
        string orgId, string email, string type = "Permanent", string subType = "General", bool eventShape = false, string? recordId = null, string sendId = SendId) =>
        Serialize(eventShape, "Bounce", orgId, email, recordId, sendId, "bounce", new
        {
            bounceType = type,
            bounceSubType = subType,
            bouncedRecipients = new[] { new { emailAddress = email, action = "failed", status = "5.1.1", diagnosticCode = "smtp; 550 5.1.1 user unknown" } },
            timestamp = "2026-12-04T08:59:00.000Z",
            feedbackId = Guid.NewGuid().ToString(),
        });

    public static string Complaint(string orgId, string email, string? recordId, bool eventShape = false, string sendId = SendId) =>
        Serialize(eventShape, "Complaint", orgId, email, recordId, sendId, "complaint", new
        {
            complainedRecipients = new[] { new { emailAddress = email } },
            complaintFeedbackType = "abuse",
            timestamp = "2026-12-04T08:59:00.000Z",
            feedbackId = Guid.NewGuid().ToString(),
        });

    /// <summary>A configuration-set Delivery event.</summary>
    public static string Delivery(string orgId, string email, string sendId) =>
        Serialize(true, "Delivery", orgId, email, null, sendId, "delivery", new
        {
            timestamp = "2026-12-04T08:59:00.000Z",
            recipients = new[] { email },
            smtpResponse = "250 2.0.0 OK",
        });

    /// <summary>A configuration-set Open event.</summary>
    public static string Open(string orgId, string email, string sendId) =>
        Serialize(true, "Open", orgId, email, null, sendId, "open", new { timestamp = "2026-12-04T09:10:00.000Z", userAgent = "Mozilla/5.0", ipAddress = "192.0.2.1" });

    private static string Serialize(bool eventShape, string kind, string orgId, string email, string? recordId, string sendId, string detailName, object detail)
    {
        var tags = new Dictionary<string, string[]> { ["org"] = [orgId], ["send"] = [sendId] };
        if (recordId is not null)
        {
            tags["record"] = [recordId];
        }

        var payload = new Dictionary<string, object>
        {
            [eventShape ? "eventType" : "notificationType"] = kind,
            ["mail"] = new { timestamp = "2026-12-04T08:58:00.000Z", messageId = "0100018c-" + Guid.NewGuid(), source = "office@example.com", destination = new[] { email }, tags },
            [detailName] = detail,
        };
        return JsonSerializer.Serialize(payload);
    }
}
