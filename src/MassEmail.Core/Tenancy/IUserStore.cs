namespace MassEmail.Core.Tenancy;

/// <summary>Persistence of users; every call is scoped to one organisation.</summary>
public interface IUserStore
{
    /// <summary>Stores a new user; <see cref="Errors.AlreadyExistsException"/> when the email is taken in the organisation.</summary>
    Task CreateAsync(User user, CancellationToken ct);

    Task<User?> GetAsync(string orgId, string userId, CancellationToken ct);

    /// <summary>The organisation's users ordered by email.</summary>
    Task<IReadOnlyList<User>> ListAsync(string orgId, CancellationToken ct);

    /// <summary>
    /// Sets the flag without any check (activating, or the operator's override). False when the user does
    /// not exist in the organisation.
    /// </summary>
    Task<bool> SetActiveAsync(string orgId, string userId, bool active, CancellationToken ct);

    /// <summary>
    /// Deactivates the user unless that leaves the organisation no admin access (see <see cref="AdminWriteOutcome"/>);
    /// atomic against every other such write of the organisation, as <see cref="IApiKeyStore.RevokeAsync"/>.
    /// </summary>
    Task<AdminWriteOutcome> DeactivateAsync(string orgId, string userId, CancellationToken ct);
}
