namespace MassEmail.Plugins.Abstractions;

/// <summary>One opt-out or bounce found on the vendor's side.</summary>
/// <param name="At">When the vendor recorded it, if it says.</param>
public sealed record RemoteOptOut(string Email, RemoteOptOutKind Kind, DateTimeOffset? At, string? Detail = null);
