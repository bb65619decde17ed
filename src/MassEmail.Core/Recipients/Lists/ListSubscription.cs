namespace MassEmail.Core.Recipients.Lists;

/// <summary>A record's subscription state on a list, with who set it (e.g. "api", "recipient", "plugin:zoho") and when.</summary>
public sealed record ListSubscription(string OrgId, string ListId, string RecordId, SubscriptionState State, string Source, DateTimeOffset At);
