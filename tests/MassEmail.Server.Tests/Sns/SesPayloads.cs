using System.Text.Json;

namespace MassEmail.Server.Tests.Sns;

/// <summary>SES event payloads in both documented shapes: identity notifications (notificationType) and configuration-set events (eventType).</summary>
internal static class SesPayloads
{
    public static string Bounce(string orgId, string email, string type = "Permanent", string subType = "General", bool eventShape = false, string? recordId = null) =>
        Serialize(eventShape, "Bounce", orgId, email, recordId, "bounce", new
        {
            bounceType = type,
            bounceSubType = subType,
            bouncedRecipients = new[] { new { emailAddress = email, action = "failed", status = "5.1.1", diagnosticCode = "smtp; 550 5.1.1 user unknown" } },
            timestamp = "2026-12-04T08:59:00.000Z",
            feedbackId = Guid.NewGuid().ToString(),
        });

    public static string Complaint(string orgId, string email, string? recordId, bool eventShape = false) =>
        Serialize(eventShape, "Complaint", orgId, email, recordId, "complaint", new
        {
            complainedRecipients = new[] { new { emailAddress = email } },
            complaintFeedbackType = "abuse",
            timestamp = "2026-12-04T08:59:00.000Z",
            feedbackId = Guid.NewGuid().ToString(),
        });

    private static string Serialize(bool eventShape, string kind, string orgId, string email, string? recordId, string detailName, object detail)
    {
        var tags = new Dictionary<string, string[]> { ["org"] = [orgId], ["send"] = ["0123456789abcdef01234567"] };
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
