namespace MassEmail.Core.Tenancy;

/// <summary>Persistence of organisations.</summary>
public interface IOrganisationStore
{
    Task CreateAsync(Organisation organisation, CancellationToken ct);

    Task<Organisation?> GetAsync(string orgId, CancellationToken ct);

    /// <summary>Replaces name, email and postal address. False when the organisation does not exist.</summary>
    Task<bool> UpdateProfileAsync(string orgId, string name, string email, PostalAddress postalAddress, CancellationToken ct);

    /// <summary>True when at least one organisation exists (the dev run seeds a demo one otherwise).</summary>
    Task<bool> AnyAsync(CancellationToken ct);
}
