using MassEmail.Core.Tenancy;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>An <c>organisations</c> document; its <c>_id</c> is the organisation id that every other document carries.</summary>
/// <remarks>
/// Unknown elements are ignored so that an older instance can read documents a newer one wrote.
/// Numbers are read by the default serializers, which accept Int32, Int64 and integral doubles alike.
/// </remarks>
[BsonIgnoreExtraElements]
internal sealed class OrganisationDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("edition")]
    [BsonRepresentation(BsonType.Int32)]
    public Edition Edition { get; set; }

    [BsonElement("email")]
    public string Email { get; set; } = "";

    [BsonElement("postal_address")]
    public PostalAddressDocument PostalAddress { get; set; } = new();

    [BsonElement("bulk_daily_limit_override")]
    public int? BulkDailyLimitOverride { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who holds the lease that serialises the writes guarding the organisation's last admin access (see <c>MongoAdminAccess</c>).</summary>
    [BsonElement("admin_lock_owner")]
    public string? AdminLockOwner { get; set; }

    /// <summary>Until when <see cref="AdminLockOwner"/> holds it; a lease left by a stopped process expires.</summary>
    [BsonElement("admin_lock_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? AdminLockUntil { get; set; }

    public static OrganisationDocument FromDomain(Organisation o) => new()
    {
        Id = o.Id,
        Name = o.Name,
        Edition = o.Edition,
        Email = o.Email,
        PostalAddress = PostalAddressDocument.FromDomain(o.PostalAddress),
        BulkDailyLimitOverride = o.BulkDailyLimitOverride,
        CreatedAt = o.CreatedAt,
    };

    public Organisation ToDomain() => new(Id, Name, Edition, Email, PostalAddress.ToDomain(), BulkDailyLimitOverride, CreatedAt);
}
