namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// What to do with an incoming webhook. <see cref="StatusCode"/> is never 410: Mailchimp disables a webhook that
/// answers 410, and a hostile request must not be able to switch a customer's webhook off.
/// </summary>
/// <param name="Ignored">Events dropped on purpose (echoes of our own API changes), with why, for the log.</param>
public sealed record WebhookVerdict(WebhookDecision Decision, IReadOnlyList<WebhookEvent> Events, string? Detail = null, int Ignored = 0)
{
    public static WebhookVerdict Validation() => new(WebhookDecision.Validation, []);

    public static WebhookVerdict Unauthorized(string detail) => new(WebhookDecision.Unauthorized, [], detail);

    public static WebhookVerdict Malformed(string detail) => new(WebhookDecision.Malformed, [], detail);

    /// <summary>The HTTP status to answer: 200, 401 or 400.</summary>
    public int StatusCode => Decision switch
    {
        WebhookDecision.Unauthorized => 401,
        WebhookDecision.Malformed => 400,
        _ => 200,
    };
}
