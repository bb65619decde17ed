using MassEmail.Core.Tenancy;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>An <c>api_keys</c> document. Permissions are the <see cref="Permission"/> bit set as an integer.</summary>
[BsonIgnoreExtraElements]
internal sealed class ApiKeyDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("user_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string UserId { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    // Hex text rather than BSON binary: CongoDB, the test server, turns binary into a sub-document
    // when it rewrites a document on update; a 64-character string costs nothing at this size.
    [BsonElement("secret_hash")]
    [BsonRepresentation(BsonType.String)]
    public byte[] SecretHash { get; set; } = [];

    [BsonElement("permissions")]
    [BsonRepresentation(BsonType.Int32)]
    public Permission Permissions { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("revoked_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? RevokedAt { get; set; }

    public static ApiKeyDocument FromDomain(ApiKey k) => new()
    {
        Id = k.Id,
        OrgId = k.OrgId,
        UserId = k.UserId,
        Name = k.Name,
        SecretHash = k.SecretHash,
        Permissions = k.Permissions,
        CreatedAt = k.CreatedAt,
        RevokedAt = k.RevokedAt,
    };

    public ApiKey ToDomain() => new(Id, OrgId, UserId, Name, SecretHash, Permissions, CreatedAt, RevokedAt);
}
