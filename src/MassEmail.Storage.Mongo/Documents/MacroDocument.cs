using MassEmail.Core.Macros;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>macros</c> document; names are unique per org_id through <c>name_key</c>; <c>version</c> guards replaces.</summary>
[BsonIgnoreExtraElements]
internal sealed class MacroDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("name_key")]
    public string NameKey { get; set; } = "";

    [BsonElement("template_id")]
    public string TemplateId { get; set; } = "";

    [BsonElement("from_choice")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice From { get; set; }

    [BsonElement("reply_to_choice")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice ReplyTo { get; set; }

    [BsonElement("created_by")]
    public string CreatedBy { get; set; } = "";

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static MacroDocument FromDomain(Macro m) => new()
    {
        Id = m.Id,
        OrgId = m.OrgId,
        Module = m.Module,
        Name = m.Name,
        NameKey = m.NameKey,
        TemplateId = m.TemplateId,
        From = m.From,
        ReplyTo = m.ReplyTo,
        CreatedBy = m.CreatedByUserId,
        Version = m.Version,
        CreatedAt = m.CreatedAt,
        UpdatedAt = m.UpdatedAt,
    };

    public Macro ToDomain() => new(Id, OrgId, Module, Name, TemplateId, From, ReplyTo, CreatedBy, Version, CreatedAt, UpdatedAt);
}
