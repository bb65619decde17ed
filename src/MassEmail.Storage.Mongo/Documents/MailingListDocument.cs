using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>mailing_lists</c> document; names are unique per organisation through <c>name_key</c>.</summary>
[BsonIgnoreExtraElements]
internal sealed class MailingListDocument
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

    [BsonElement("is_dynamic")]
    public bool IsDynamic { get; set; }

    [BsonElement("criteria_json")]
    public string? CriteriaJson { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static MailingListDocument FromDomain(MailingList l) => new()
    {
        Id = l.Id,
        OrgId = l.OrgId,
        Module = l.Module,
        Name = l.Name,
        NameKey = l.NameKey,
        IsDynamic = l.IsDynamic,
        CriteriaJson = l.CriteriaJson,
        CreatedAt = l.CreatedAt,
        UpdatedAt = l.UpdatedAt,
    };

    public MailingList ToDomain() => new(Id, OrgId, Module, Name, IsDynamic, CriteriaJson, CreatedAt, UpdatedAt);
}
