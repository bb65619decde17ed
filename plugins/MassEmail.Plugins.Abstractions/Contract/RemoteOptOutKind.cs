namespace MassEmail.Plugins.Abstractions;

/// <summary>Why the vendor holds a contact as not mailable.</summary>
public enum RemoteOptOutKind
{
    /// <summary>The contact unsubscribed (or was unsubscribed by the account's admin).</summary>
    Unsubscribed = 1,

    /// <summary>The address bounced (Mailchimp: cleaned).</summary>
    Bounced = 2,

    /// <summary>The contact reported the mail as spam (abuse).</summary>
    Complained = 3,
}
