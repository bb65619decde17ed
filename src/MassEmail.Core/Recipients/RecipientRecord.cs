namespace MassEmail.Core.Recipients;

/// <summary>
/// A Candidate, Contact or Client as synced from the owning system (keyed by its external id).
/// </summary>
/// <param name="Email">The address as given (trimmed); empty when missing. Kept even when invalid.</param>
/// <param name="EmailNormalized">The validated, normalised address; empty unless <see cref="EmailStatus"/> is Valid.</param>
/// <param name="EmailKey">Case-folded normalised address for duplicate detection; empty unless Valid.</param>
/// <param name="EmailInvalidReason">Why the address is Invalid, as the parser said when the record was written; empty otherwise.</param>
/// <param name="ClientExternalId">For candidates and contacts: the external id of the related Client record.</param>
/// <param name="EmailOptOut">The record-level opt-out from all mass email. Sticky: a sync never clears it.</param>
/// <param name="ContentHash">Hash of the synced values; an upsert with the same hash changes nothing.</param>
public sealed record RecipientRecord(
    string Id,
    string OrgId,
    RecordModule Module,
    string ExternalId,
    string Name,
    string FirstName,
    string LastName,
    string Email,
    string EmailNormalized,
    EmailStatus EmailStatus,
    string EmailKey,
    string EmailInvalidReason,
    string Phone,
    string? OwnerUserId,
    string? ClientExternalId,
    bool EmailOptOut,
    IReadOnlyDictionary<string, FieldValue> Custom,
    string ContentHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
