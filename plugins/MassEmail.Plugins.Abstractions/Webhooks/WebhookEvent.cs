namespace MassEmail.Plugins.Abstractions;

/// <summary>One event parsed from a webhook.</summary>
/// <param name="RemoteListId">The list it concerns, when the vendor says.</param>
/// <param name="FiredAt">When the vendor fired it (UTC), when it says.</param>
/// <param name="DedupKey">Stable for re-deliveries of the same event: the endpoint de-duplicates on it.</param>
public sealed record WebhookEvent(
    WebhookEventKind Kind, string Email, string? RemoteListId, DateTimeOffset? FiredAt, string DedupKey, string? NewEmail = null, string? Reason = null);
