namespace MassEmail.Core.Recipients.Audience;

/// <summary>One record of an audience with the reason it is skipped (<see cref="SkipReason.None"/> when it gets mail).</summary>
/// <param name="EmailInvalidReason">The record's stored reason its address is invalid; empty unless it is.</param>
public sealed record AudienceMember(
    string RecordId,
    string ExternalId,
    string FirstName,
    string LastName,
    string Email,
    string EmailNormalized,
    string? OwnerUserId,
    SkipReason Skip,
    string EmailInvalidReason);
