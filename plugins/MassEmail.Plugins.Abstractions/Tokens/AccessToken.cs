namespace MassEmail.Plugins.Abstractions;

/// <summary>A vendor access token and when it stops working. <see cref="ToString"/> never shows the value.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>Still usable at <paramref name="now"/> with <paramref name="margin"/> to spare.</summary>
    public bool IsFresh(DateTimeOffset now, TimeSpan margin) => now + margin < ExpiresAt;

    public override string ToString() => $"AccessToken(redacted, expires {ExpiresAt:O})";
}
