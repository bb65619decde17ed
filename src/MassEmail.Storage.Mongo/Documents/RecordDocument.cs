using System.Collections.ObjectModel;
using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>records</c> document: one Candidate, Contact or Client, unique per (org_id, module, external_id).
/// Standard fields are top-level elements (element names in <see cref="RecordFields"/>), custom fields
/// live in <c>custom</c>.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class RecordDocument
{
    /// <summary>
    /// What a read that ends in <see cref="ToDomain"/> needs: all but the criteria keys, an element per searchable value
    /// that no record read uses (a send reads the record of every recipient). Typed for a find's projection and an
    /// aggregation's last stage alike.
    /// </summary>
    public static readonly ProjectionDefinition<RecordDocument, RecordDocument> Domain = Builders<RecordDocument>.Projection.Exclude(d => d.CriteriaKeys);

    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement(RecordFields.OrgId)]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement(RecordFields.Module)]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement(RecordFields.ExternalId)]
    public string ExternalId { get; set; } = "";

    [BsonElement(RecordFields.Name)]
    public string Name { get; set; } = "";

    [BsonElement(RecordFields.FirstName)]
    public string FirstName { get; set; } = "";

    [BsonElement(RecordFields.LastName)]
    public string LastName { get; set; } = "";

    [BsonElement(RecordFields.Email)]
    public string Email { get; set; } = "";

    [BsonElement(RecordFields.EmailNormalized)]
    public string EmailNormalized { get; set; } = "";

    [BsonElement(RecordFields.EmailStatus)]
    [BsonRepresentation(BsonType.Int32)]
    public EmailStatus EmailStatus { get; set; }

    [BsonElement(RecordFields.EmailKey)]
    public string EmailKey { get; set; } = "";

    // Missing from documents written before reasons were recorded: read as empty.
    [BsonElement(RecordFields.EmailInvalidReason)]
    public string EmailInvalidReason { get; set; } = "";

    [BsonElement(RecordFields.Phone)]
    public string Phone { get; set; } = "";

    // A string, not an ObjectId: criteria compare it as text like every other string field.
    [BsonElement(RecordFields.OwnerId)]
    public string? OwnerUserId { get; set; }

    [BsonElement(RecordFields.ClientExternalId)]
    public string? ClientExternalId { get; set; }

    [BsonElement(RecordFields.EmailOptOut)]
    public bool EmailOptOut { get; set; }

    // Converted only when a field is first asked for: see StoredCustomFields.
    [BsonElement(RecordFields.Custom)]
    [BsonSerializer(typeof(CustomFieldsSerializer))]
    public IReadOnlyDictionary<string, FieldValue> Custom { get; set; } = ReadOnlyDictionary<string, FieldValue>.Empty;

    [BsonElement(RecordFields.ContentHash)]
    public string ContentHash { get; set; } = "";

    // Written with every insert and update, never read back into the domain: see CriteriaKeys.
    [BsonElement(Documents.CriteriaKeys.Field)]
    public BsonArray CriteriaKeys { get; set; } = [];

    [BsonElement(RecordFields.CreatedAt)]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement(RecordFields.UpdatedAt)]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static RecordDocument FromDomain(RecipientRecord r) => new()
    {
        Id = r.Id,
        OrgId = r.OrgId,
        Module = r.Module,
        ExternalId = r.ExternalId,
        Name = r.Name,
        FirstName = r.FirstName,
        LastName = r.LastName,
        Email = r.Email,
        EmailNormalized = r.EmailNormalized,
        EmailStatus = r.EmailStatus,
        EmailKey = r.EmailKey,
        EmailInvalidReason = r.EmailInvalidReason,
        Phone = r.Phone,
        OwnerUserId = r.OwnerUserId,
        ClientExternalId = r.ClientExternalId,
        EmailOptOut = r.EmailOptOut,
        Custom = r.Custom,
        ContentHash = r.ContentHash,
        CriteriaKeys = Documents.CriteriaKeys.For(r),
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
    };

    public RecipientRecord ToDomain() => new(
        Id,
        OrgId,
        Module,
        ExternalId,
        Name,
        FirstName,
        LastName,
        Email,
        EmailNormalized,
        EmailStatus,
        EmailKey,
        EmailInvalidReason,
        Phone,
        OwnerUserId,
        ClientExternalId,
        EmailOptOut,
        Custom,
        ContentHash,
        CreatedAt,
        UpdatedAt);
}
