namespace MassEmail.Core.Tenancy;

/// <summary>A new organisation with its administrator and the administrator's first key.</summary>
public sealed record ProvisionedOrganisation(Organisation Organisation, User Admin, NewApiKey AdminKey);
