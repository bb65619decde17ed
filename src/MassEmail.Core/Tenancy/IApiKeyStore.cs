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

    /// <summary>Marks the key revoked (keeps the first revocation time). False when it does not exist in the organisation.</summary>
    Task<bool> RevokeAsync(string orgId, string keyId, DateTimeOffset at, CancellationToken ct);
}
