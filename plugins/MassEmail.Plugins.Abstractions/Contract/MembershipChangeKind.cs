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
}
