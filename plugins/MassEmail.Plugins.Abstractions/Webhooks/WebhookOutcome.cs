namespace MassEmail.Plugins.Abstractions;

/// <summary>What the webhook endpoint answers, and what the request did (for the log).</summary>
/// <param name="StatusCode">200, 400, 401 or 413; never 410 (Mailchimp disables a webhook that answers 410).</param>
/// <param name="Applied">Local changes made: list unsubscriptions and new suppressions.</param>
public sealed record WebhookOutcome(int StatusCode, int Applied = 0, string? Detail = null)
{
    /// <summary>An unknown connection answers as a wrong secret does: the URL tells nothing about which connections exist.</summary>
    public static WebhookOutcome Unauthorized { get; } = new(401, Detail: "unknown connection or wrong webhook secret");
}
