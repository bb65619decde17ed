namespace MassEmail.Core.Consent;

/// <summary>
/// One opt-out or list (un)subscription of a record, with where it came from (<see cref="ConsentSource"/>) and when.
/// The store applies it and records it, with its outbox entry for the plugin layer, as one write.
/// </summary>
/// <param name="ListId">The list, for <see cref="ConsentKind.Subscribed"/> and <see cref="ConsentKind.Unsubscribed"/>; null otherwise.</param>
public sealed record ConsentChange(string Id, string OrgId, string RecordId, string? ListId, ConsentKind Kind, string Source, DateTimeOffset At)
{
    /// <summary>True for a change of the record's global opt-out.</summary>
    public bool IsOptOut => Kind is ConsentKind.OptedOut or ConsentKind.OptedIn;
}
