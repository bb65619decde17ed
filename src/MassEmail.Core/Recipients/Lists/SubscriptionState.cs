namespace MassEmail.Core.Recipients.Lists;

/// <summary>A record's state on a list.</summary>
public enum SubscriptionState
{
    Subscribed = 1,

    /// <summary>Kept for good: adding the record to the list again does not resubscribe it.</summary>
    Unsubscribed = 2,
}
