namespace MassEmail.Core.OptOut;

/// <summary>
/// What the preference page shows: the lists the recipient is on or left (the link's list first), whether they asked
/// for no more email at all, and whether their address is suppressed for a spam complaint, which the page never lifts.
/// </summary>
public sealed record Preferences(OptOutSubject Subject, IReadOnlyList<ListPreference> Lists, bool OptedOut, bool ComplaintSuppressed)
{
    /// <summary>True when the page may offer to re-join lists (after an explicit confirmation when opted out).</summary>
    public bool CanRejoin => !ComplaintSuppressed;
}
