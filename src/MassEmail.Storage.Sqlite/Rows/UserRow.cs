using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>users</c> row, as Dapper reads and writes it.</summary>
internal sealed class UserRow
{
    public const string Columns =
        "org_id AS OrgId, id AS Id, email AS Email, email_key AS EmailKey, first_name AS FirstName, "
        + "last_name AS LastName, active AS Active, created_at AS CreatedAt";

    public string OrgId { get; set; } = "";
    public string Id { get; set; } = "";
    public string Email { get; set; } = "";
    public string EmailKey { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public long Active { get; set; }
    public long CreatedAt { get; set; }

    public static UserRow From(User u) => new()
    {
        OrgId = u.OrgId,
        Id = u.Id,
        Email = u.Email,
        // Emails are unique case-insensitively, with the same fold as names.
        EmailKey = NameKeys.For(u.Email),
        FirstName = u.FirstName,
        LastName = u.LastName,
        Active = u.Active ? 1 : 0,
        CreatedAt = UnixMilliseconds.From(u.CreatedAt),
    };

    public User ToDomain() => new(Id, OrgId, Email, FirstName, LastName, Active != 0, UnixMilliseconds.ToTime(CreatedAt));
}
