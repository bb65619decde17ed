namespace MassEmail.Core.Consent;

/// <summary>
/// A change of the consent outbox claimed for publishing, with the targets (the publisher's keys, such as a connection
/// and a remote list) that already took it in an earlier attempt, so a retry sends only to the others.
/// </summary>
public sealed record PendingConsentChange(ConsentChange Change, IReadOnlyList<string> DoneTargets);
