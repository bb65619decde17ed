using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>One row of an audience query, as Dapper reads it.</summary>
internal sealed class AudienceMemberRow
{
    public string Id { get; set; } = "";
    public string ExternalId { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Email { get; set; } = "";
    public string EmailNormalized { get; set; } = "";
    public string? OwnerUserId { get; set; }
    public long Skip { get; set; }
    public string EmailInvalidReason { get; set; } = "";

    public AudienceMember ToDomain() => new(Id, ExternalId, FirstName, LastName, Email, EmailNormalized, OwnerUserId, (SkipReason)Skip, EmailInvalidReason);
}
