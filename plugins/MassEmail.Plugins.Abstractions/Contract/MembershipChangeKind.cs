namespace MassEmail.Plugins.Abstractions;

/// <summary>What a change does to a contact on the remote list.</summary>
public enum MembershipChangeKind
{
    /// <summary>Add the contact (with its mapped fields); never resubscribes a contact the vendor holds as opted out.</summary>
    Subscribe = 1,

    /// <summary>Change the mapped fields of a contact already on the list.</summary>
    Update = 2,

    /// <summary>Unsubscribe the contact from the list.</summary>
    Unsubscribe = 3,

    /// <summary>
    /// Take the contact off the list: its local record was deleted (a sync definition's "remove from list"). As far
    /// as the vendor allows: Mailchimp archives the member (it may be added again later); Zoho Campaigns API v1.1 has
    /// no removal from a list, so the contact is unsubscribed from it. A contact that is not on the list is applied.
    /// </summary>
    Remove = 4,
}
