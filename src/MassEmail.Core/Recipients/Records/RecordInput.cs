namespace MassEmail.Core.Recipients.Records;

/// <summary>A record as the owning system sends it. Empty strings mean "not set".</summary>
public sealed record RecordInput(
    string ExternalId,
    string Name,
    string FirstName,
    string LastName,
    string Email,
    string Phone,
    string OwnerUserId,
    string ClientExternalId,
    bool EmailOptOut,
    IReadOnlyDictionary<string, FieldValue> Custom);
