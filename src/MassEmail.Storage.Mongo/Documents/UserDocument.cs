using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>users</c> document; email is unique per organisation through <c>email_key</c>.</summary>
[BsonIgnoreExtraElements]
internal sealed class UserDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("email")]
    public string Email { get; set; } = "";

    [BsonElement("email_key")]
    public string EmailKey { get; set; } = "";

    [BsonElement("first_name")]
    public string FirstName { get; set; } = "";

    [BsonElement("last_name")]
    public string LastName { get; set; } = "";

    [BsonElement("active")]
    public bool Active { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    public static UserDocument FromDomain(User u) => new()
    {
        Id = u.Id,
        OrgId = u.OrgId,
        Email = u.Email,
        // Emails are unique case-insensitively, with the same fold as names.
        EmailKey = NameKeys.For(u.Email),
        FirstName = u.FirstName,
        LastName = u.LastName,
        Active = u.Active,
        CreatedAt = u.CreatedAt,
    };

    public User ToDomain() => new(Id, OrgId, Email, FirstName, LastName, Active, CreatedAt);
}
