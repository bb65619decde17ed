namespace MassEmail.Core.Tenancy;

/// <summary>A tenant. Every stored row of every other kind carries its organisation's id.</summary>
/// <param name="BulkDailyLimitOverride">Operator override of the edition's daily bulk limit (e.g. the 2,250 add-on).</param>
public sealed record Organisation(
    string Id,
    string Name,
    Edition Edition,
    string Email,
    PostalAddress PostalAddress,
    int? BulkDailyLimitOverride,
    DateTimeOffset CreatedAt)
{
    /// <summary>The From or Reply-To of the organisation choice: its address under its name.</summary>
    public Templates.Mailbox Mailbox => new(Email, Name);
}
