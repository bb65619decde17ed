using MassEmail.Core.Tenancy;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>An <c>api_keys</c> row, as Dapper reads and writes it; <see cref="UserActive"/> only when joined with users.</summary>
internal sealed class ApiKeyRow
{
    public const string Columns =
        "k.id AS Id, k.org_id AS OrgId, k.user_id AS UserId, k.name AS Name, k.secret_hash AS SecretHash, "
        + "k.permissions AS Permissions, k.created_at AS CreatedAt, k.revoked_at AS RevokedAt";

    public string Id { get; set; } = "";
    public string OrgId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    public long Permissions { get; set; }
    public long CreatedAt { get; set; }
    public long? RevokedAt { get; set; }
    public long UserActive { get; set; }

    public static ApiKeyRow From(ApiKey k) => new()
    {
        Id = k.Id,
        OrgId = k.OrgId,
        UserId = k.UserId,
        Name = k.Name,
        SecretHash = k.SecretHash,
        Permissions = (long)k.Permissions,
        CreatedAt = UnixMilliseconds.From(k.CreatedAt),
        RevokedAt = UnixMilliseconds.From(k.RevokedAt),
    };

    public ApiKey ToDomain() => new(
        Id,
        OrgId,
        UserId,
        Name,
        SecretHash,
        (Permission)Permissions,
        UnixMilliseconds.ToTime(CreatedAt),
        UnixMilliseconds.ToTime(RevokedAt));
}
