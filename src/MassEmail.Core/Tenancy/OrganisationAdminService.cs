using MassEmail.Core.Errors;

namespace MassEmail.Core.Tenancy;

/// <summary>Use cases of an organisation administrator: profile, users, API keys. Needs <see cref="Permission.OrgAdmin"/>.</summary>
public sealed class OrganisationAdminService(IOrganisationStore organisations, IUserStore users, IApiKeyStore keys, TimeProvider time)
{
    public async Task<Organisation> GetOrganisationAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        return await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
    }

    public async Task<Organisation> UpdateOrganisationAsync(Caller caller, string name, string email, PostalAddress address, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        var v = new List<FieldViolation>();
        TenancyRules.CheckOrganisation(name, email, address, v);
        TenancyRules.ThrowIfAny(v);
        if (!await organisations.UpdateProfileAsync(caller.OrgId, name.Trim(), email.Trim(), address, ct))
        {
            throw new NotFoundException("organisation", caller.OrgId);
        }

        return await GetOrganisationAsync(caller, ct);
    }

    public async Task<User> CreateUserAsync(Caller caller, string email, string firstName, string lastName, bool active, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        return await Provisioning.CreateUserAsync(users, time, caller.OrgId, email, firstName, lastName, active, ct);
    }

    public Task<IReadOnlyList<User>> ListUsersAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        return users.ListAsync(caller.OrgId, ct);
    }

    public async Task<User> SetUserActiveAsync(Caller caller, string userId, bool active, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        if (!await users.SetActiveAsync(caller.OrgId, userId, active, ct))
        {
            throw new NotFoundException("user", userId);
        }

        return await users.GetAsync(caller.OrgId, userId, ct) ?? throw new NotFoundException("user", userId);
    }

    public async Task<NewApiKey> CreateApiKeyAsync(Caller caller, string userId, string name, Permission permissions, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        return await Provisioning.CreateApiKeyAsync(users, keys, time, caller.OrgId, userId, name, permissions, ct);
    }

    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        return keys.ListAsync(caller.OrgId, ct);
    }

    public async Task<ApiKey> RevokeApiKeyAsync(Caller caller, string keyId, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        if (!await keys.RevokeAsync(caller.OrgId, keyId, time.GetUtcNowMs(), ct))
        {
            throw new NotFoundException("API key", keyId);
        }

        var all = await keys.ListAsync(caller.OrgId, ct);
        return all.First(k => k.Id == keyId);
    }
}
