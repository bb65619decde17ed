namespace MassEmail.Testing;

/// <summary>A part that was not sent is absent (null).</summary>
public sealed record StoredBody(string? Html, string? Text);
