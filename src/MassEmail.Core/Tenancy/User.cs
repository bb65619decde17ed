namespace MassEmail.Core.Tenancy;

/// <summary>A person of an organisation. API keys act as a user; inactive users' keys are refused.</summary>
public sealed record User(
    string Id,
    string OrgId,
    string Email,
    string FirstName,
    string LastName,
    bool Active,
    DateTimeOffset CreatedAt)
{
    /// <summary>The From or Reply-To of the account and record owner choices: the user's address under their full name.</summary>
    public Templates.Mailbox Mailbox => new(Email, $"{FirstName} {LastName}".Trim());
}
