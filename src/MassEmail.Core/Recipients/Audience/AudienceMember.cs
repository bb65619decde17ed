namespace MassEmail.Core.Recipients.Audience;

/// <summary>One record of an audience with the reason it is skipped (<see cref="SkipReason.None"/> when it gets mail).</summary>
public sealed record AudienceMember(
    string RecordId,
    string ExternalId,
    string FirstName,
    string LastName,
    string Email,
    string EmailNormalized,
    string? OwnerUserId,
    SkipReason Skip);
