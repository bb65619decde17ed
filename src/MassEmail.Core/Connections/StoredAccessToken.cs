namespace MassEmail.Core.Connections;

/// <summary>
/// The access token a vendor issued for a connection, as the store keeps it for every instance, and the lease of the
/// one instance refreshing it.
/// </summary>
/// <param name="ProtectedToken">The token as ciphertext of the <see cref="Secrets.ISecretProtector"/>; null when none is cached.</param>
/// <param name="Fingerprint">A hash of the token (not the token): what "drop it if it is still the current one" compares.</param>
/// <param name="Holder">The instance refreshing it now, or null.</param>
/// <param name="LeaseUntil">When <paramref name="Holder"/>'s lease ends (then anyone may refresh).</param>
public sealed record StoredAccessToken(
    string Key, string? ProtectedToken, string? Fingerprint, DateTimeOffset? ExpiresAt, string? Holder, DateTimeOffset? LeaseUntil)
{
    public override string ToString() => $"StoredAccessToken {{ Key = {Key}, ExpiresAt = {ExpiresAt:O}, Holder = {Holder}, LeaseUntil = {LeaseUntil:O} }}";
}
