using MassEmail.Core.Templates;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>template_folders</c> document; names are unique per organisation through <c>name_key</c>.</summary>
[BsonIgnoreExtraElements]
internal sealed class TemplateFolderDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("name_key")]
    public string NameKey { get; set; } = "";

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    public static TemplateFolderDocument FromDomain(TemplateFolder f) =>
        new() { Id = f.Id, OrgId = f.OrgId, Name = f.Name, NameKey = f.NameKey, CreatedAt = f.CreatedAt };

    public TemplateFolder ToDomain() => new(Id, OrgId, Name, CreatedAt);
}
