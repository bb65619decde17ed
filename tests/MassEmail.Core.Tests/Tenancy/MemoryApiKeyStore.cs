using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Tests.Tenancy;

/// <summary>Keys in memory, counting the lookups the authenticator makes.</summary>
internal sealed class MemoryApiKeyStore : IApiKeyStore
{
    private readonly Dictionary<string, ApiKeyCredential> credentials = [];

    public int Lookups { get; private set; }

    /// <summary>Called inside a lookup, before it answers: a change that lands while the store is being read.</summary>
    public Action? DuringLookup { get; set; }

    public void Put(ApiKey key, bool userActive = true) => credentials[key.Id] = new ApiKeyCredential(key, userActive);

    public Task CreateAsync(ApiKey key, CancellationToken ct)
    {
        Put(key);
        return Task.CompletedTask;
    }

    public Task<ApiKeyCredential?> FindCredentialAsync(string keyId, CancellationToken ct)
    {
        Lookups++;
        var found = credentials.GetValueOrDefault(keyId);
        DuringLookup?.Invoke();
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(string orgId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. credentials.Values.Select(c => c.Key).Where(k => k.OrgId == orgId)]);

    public Task<AdminWriteOutcome> RevokeAsync(string orgId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        if (!credentials.TryGetValue(keyId, out var c) || c.Key.OrgId != orgId)
        {
            return Task.FromResult(AdminWriteOutcome.NotFound);
        }

        credentials[keyId] = c with { Key = c.Key with { RevokedAt = at } };
        return Task.FromResult(AdminWriteOutcome.Done);
    }
}
