namespace MassEmail.Core.Tenancy;

/// <summary>What the operator supplies to create an organisation and its first administrator.</summary>
public sealed record NewOrganisation(
    string Name,
    Edition Edition,
    string Email,
    PostalAddress PostalAddress,
    int? BulkDailyLimitOverride,
    string AdminEmail,
    string AdminFirstName,
    string AdminLastName);
