namespace MassEmail.Core.OptOut;

/// <summary>What saving the preference page did.</summary>
public enum PreferencesOutcome
{
    /// <summary>The lists are as the recipient chose (and email resumed when they confirmed it).</summary>
    Saved,

    /// <summary>The token leads nowhere: nothing changed.</summary>
    NotFound,

    /// <summary>Re-joining was asked while opted out of all mail, without the explicit confirmation: nothing changed.</summary>
    ConfirmationNeeded,

    /// <summary>Re-joining or resuming was asked for an address suppressed for a spam complaint: nothing changed.</summary>
    ComplaintLocked,
}
