namespace MassEmail.Core.Tenancy;

/// <summary>An API key. Only the SHA-256 hash of its secret is stored.</summary>
public sealed record ApiKey(
    string Id,
    string OrgId,
    string UserId,
    string Name,
    byte[] SecretHash,
    Permission Permissions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
