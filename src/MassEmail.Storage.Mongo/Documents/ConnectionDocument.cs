using MassEmail.Core.Connections;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>plugin_connections</c> document; names unique per org_id through <c>name_key</c>; credentials as ciphertext only.</summary>
[BsonIgnoreExtraElements]
internal sealed class ConnectionDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("vendor")]
    public string Vendor { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("name_key")]
    public string NameKey { get; set; } = "";

    [BsonElement("data_centre")]
    public string DataCentre { get; set; } = "";

    [BsonElement("protected_credentials")]
    public string ProtectedCredentials { get; set; } = "";

    [BsonElement("credential_names")]
    public List<string> CredentialNames { get; set; } = [];

    [BsonElement("created_by")]
    public string CreatedBy { get; set; } = "";

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    public static ConnectionDocument FromDomain(Connection c) => new()
    {
        Id = c.Id,
        OrgId = c.OrgId,
        Vendor = c.Vendor,
        Name = c.Name,
        NameKey = c.NameKey,
        DataCentre = c.DataCentre,
        ProtectedCredentials = c.ProtectedCredentials,
        CredentialNames = [.. c.CredentialNames],
        CreatedBy = c.CreatedByUserId,
        CreatedAt = c.CreatedAt,
        Version = c.Version,
    };

    public Connection ToDomain() => new(Id, OrgId, Vendor, Name, DataCentre, ProtectedCredentials, CredentialNames, CreatedBy, CreatedAt, Version);
}
