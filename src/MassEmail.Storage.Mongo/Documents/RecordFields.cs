namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// Element names of a <c>records</c> document, shared by <see cref="RecordDocument"/> and the filters,
/// updates and aggregations that address the document as raw BSON.
/// </summary>
internal static class RecordFields
{
    public const string Id = "_id";
    public const string OrgId = "org_id";
    public const string Module = "module";
    public const string ExternalId = "external_id";
    public const string Name = "name";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Email = "email";
    public const string EmailNormalized = "email_normalized";
    public const string EmailStatus = "email_status";
    public const string EmailKey = "email_key";
    public const string EmailInvalidReason = "email_invalid_reason";
    public const string Phone = "phone";
    public const string OwnerId = "owner_id";
    public const string ClientExternalId = "client_external_id";
    public const string EmailOptOut = "email_opt_out";
    public const string Custom = "custom";
    public const string ContentHash = "content_hash";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";

    /// <summary>The element of one custom field (name encoded by <see cref="CustomFieldKeys"/>).</summary>
    public static string CustomField(string name) => $"{Custom}.{CustomFieldKeys.Encode(name)}";
}
