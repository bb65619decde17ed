namespace MassEmail.Plugins.Abstractions;

/// <summary>How the webhook endpoint answers.</summary>
public enum WebhookDecision
{
    /// <summary>Verified and parsed: queue <see cref="WebhookVerdict.Events"/> and answer 200.</summary>
    Accepted = 1,

    /// <summary>The vendor checks that the URL exists (Mailchimp's GET): answer 200, nothing to do.</summary>
    Validation = 2,

    /// <summary>Wrong or missing secret: answer 401 and change nothing.</summary>
    Unauthorized = 3,

    /// <summary>Verified but malformed: answer 400 and change nothing.</summary>
    Malformed = 4,
}
