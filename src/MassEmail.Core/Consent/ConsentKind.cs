namespace MassEmail.Core.Consent;

/// <summary>What a consent change did.</summary>
public enum ConsentKind
{
    /// <summary>The record opted out of all mass email.</summary>
    OptedOut = 1,

    /// <summary>The record's opt-out was lifted.</summary>
    OptedIn = 2,

    /// <summary>The record left a list.</summary>
    Unsubscribed = 3,

    /// <summary>The record (re-)joined a list.</summary>
    Subscribed = 4,
}
