namespace MassEmail.Plugins.Abstractions;

/// <summary>What one remote opt-out did here.</summary>
/// <param name="Targeted">False when it concerned nothing of ours (an unsubscribe from a list no definition targets, or no address).</param>
/// <param name="Changes">Consent changes and suppressions written (0 when it was applied before).</param>
public readonly record struct RemoteOptOutResult(bool Targeted, int Changes)
{
    public static RemoteOptOutResult Ignored => new(false, 0);
}
