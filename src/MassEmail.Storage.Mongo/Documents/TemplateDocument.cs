using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>templates</c> document; <c>version</c> guards every replace and delete.</summary>
[BsonIgnoreExtraElements]
internal sealed class TemplateDocument
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

    [BsonElement("folder_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string? FolderId { get; set; }

    [BsonElement("subject")]
    public string Subject { get; set; } = "";

    [BsonElement("html_body")]
    public string HtmlBody { get; set; } = "";

    [BsonElement("text_body")]
    public string? TextBody { get; set; }

    [BsonElement("from")]
    public MailboxDocument? From { get; set; }

    [BsonElement("reply_to")]
    public MailboxDocument? ReplyTo { get; set; }

    [BsonElement("engine")]
    [BsonRepresentation(BsonType.Int32)]
    public TemplateEngineKind Engine { get; set; }

    [BsonElement("description")]
    public string Description { get; set; } = "";

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static TemplateDocument FromDomain(Template t) => new()
    {
        Id = t.Id,
        OrgId = t.OrgId,
        Name = t.Name,
        NameKey = t.NameKey,
        FolderId = t.FolderId,
        Subject = t.Subject,
        HtmlBody = t.HtmlBody,
        TextBody = t.TextBody,
        From = MailboxDocument.FromDomain(t.From),
        ReplyTo = MailboxDocument.FromDomain(t.ReplyTo),
        Engine = t.Engine,
        Description = t.Description,
        Version = t.Version,
        CreatedAt = t.CreatedAt,
        UpdatedAt = t.UpdatedAt,
    };

    public Template ToDomain() => new(
        Id,
        OrgId,
        Name,
        FolderId,
        Subject,
        HtmlBody,
        TextBody,
        From?.ToDomain(),
        ReplyTo?.ToDomain(),
        Engine,
        Description,
        Version,
        CreatedAt,
        UpdatedAt);
}
