using System.Diagnostics.Metrics;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Deliverability;

/// <summary>
/// Events that reach the public endpoint from outside: SES events over SNS and campaign tools' webhooks, counted by
/// where they came from, what they were and what became of them. Labels are a closed set of words (an unknown event
/// type is <c>other</c>), never an address, a connection id or a secret.
/// </summary>
public static class InboundEventTelemetry
{
    /// <summary>The event was applied (or, for a webhook, taken and handled).</summary>
    public const string Applied = "applied";

    /// <summary>An SNS message seen before (its MessageId), or a webhook event that changes nothing here (its kind, or an unsubscribe from a list no sync definition targets).</summary>
    public const string Ignored = "ignored";

    /// <summary>Not verified: a bad SNS signature or topic, a wrong webhook secret or an unknown connection.</summary>
    public const string Refused = "refused";

    /// <summary>Verified or not, it could not be read (answered 4xx).</summary>
    public const string Malformed = "malformed";

    private static readonly string[] SesTypes = ["Bounce", "Complaint", "Delivery", "Send", "Reject", "Open", "Click", "DeliveryDelay", "Rendering Failure", "Subscription"];

    private static readonly Meter Meter = new(SendingTelemetry.Name);

    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "massemail.inbound_events", "{event}", "SNS messages and campaign-tool webhook events received, by source, type and outcome");

    /// <summary>One SNS message: <paramref name="type"/> is the SES event name when it carried one.</summary>
    public static void Sns(string? type, string outcome) =>
        Events.Add(1, Tags("sns", type is null ? "none" : SesTypes.Contains(type, StringComparer.Ordinal) ? type.ToLowerInvariant() : "other", outcome));

    /// <summary>
    /// <paramref name="count"/> webhook events of a vendor (<c>mailchimp</c>, <c>zoho-campaigns</c>; <c>unknown</c> when
    /// the connection was not found), of one kind (<c>unsubscribed</c>, …; <c>none</c> for a request refused or unread).
    /// </summary>
    public static void Webhook(string vendor, string kind, string outcome, int count = 1)
    {
        if (count > 0)
        {
            Events.Add(count, Tags(vendor is "mailchimp" or "zoho-campaigns" ? vendor : "unknown", kind, outcome));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string source, string type, string outcome) =>
        [new("source", source), new("type", type), new("outcome", outcome)];
}
