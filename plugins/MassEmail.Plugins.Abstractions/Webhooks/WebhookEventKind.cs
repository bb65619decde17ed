namespace MassEmail.Plugins.Abstractions;

/// <summary>What a webhook event reports about a contact.</summary>
public enum WebhookEventKind
{
    Subscribed = 1,

    /// <summary>The contact left the list (or was deleted from it).</summary>
    Unsubscribed = 2,

    /// <summary>The address bounces for good (Mailchimp: cleaned).</summary>
    Bounced = 3,

    /// <summary>The contact reported spam (Mailchimp: unsubscribe or cleaned with reason abuse; Zoho: spam).</summary>
    Complained = 4,

    /// <summary>The contact's fields changed.</summary>
    ProfileUpdated = 5,

    /// <summary>The contact's address changed (see <see cref="WebhookEvent.NewEmail"/>).</summary>
    EmailChanged = 6,
}
