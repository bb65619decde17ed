namespace MassEmail.Core.Tenancy;

/// <summary>Persistence of API keys.</summary>
public interface IApiKeyStore
{
    Task CreateAsync(ApiKey key, CancellationToken ct);

    /// <summary>
    /// The key with this id and whether its user is active, or null. Not scoped to an organisation:
    /// the key id is what tells the organisation. Called on every request, so it must be one cheap lookup.
    /// </summary>
    Task<ApiKeyCredential?> FindCredentialAsync(string keyId, CancellationToken ct);

    /// <summary>The organisation's keys, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(string orgId, CancellationToken ct);

    /// <summary>
    /// Marks the key revoked (keeps the first revocation time), unless it is the organisation's last admin
    /// access (see <see cref="AdminWriteOutcome"/>). The check and the write are one atomic step against
    /// every other such write of the organisation (<see cref="IUserStore.DeactivateAsync"/> too), so two
    /// calls taking away the last two ways in at once cannot both succeed.
    /// </summary>
    Task<AdminWriteOutcome> RevokeAsync(string orgId, string keyId, DateTimeOffset at, CancellationToken ct);
}
