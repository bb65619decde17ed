using MassEmail.Core.Errors;

namespace MassEmail.Core.Tenancy;

/// <summary>Use cases of an organisation administrator: profile, users, API keys. Needs <see cref="Permission.OrgAdmin"/>.</summary>
public sealed class OrganisationAdminService(
    IOrganisationStore organisations, IUserStore users, IApiKeyStore keys, ApiKeyAuthenticator authenticator, TimeProvider time)
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

    /// <summary>
    /// Activates or deactivates a user; deactivating the last user with admin access is refused, so that an
    /// organisation cannot lock itself out (the operator's <c>admin set-user-active</c> can always undo a deactivation).
    /// </summary>
    public async Task<User> SetUserActiveAsync(Caller caller, string userId, bool active, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        var outcome = active
            ? await users.SetActiveAsync(caller.OrgId, userId, true, ct) ? AdminWriteOutcome.Done : AdminWriteOutcome.NotFound
            : await users.DeactivateAsync(caller.OrgId, userId, ct);
        Check(outcome, "user", userId, "user_id", "This user holds the organisation's last active key with the org-admin permission");
        authenticator.ForgetAll();
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

    /// <summary>Revokes a key at once; revoking the organisation's last admin access is refused (see <see cref="AdminWriteOutcome"/>).</summary>
    public async Task<ApiKey> RevokeApiKeyAsync(Caller caller, string keyId, CancellationToken ct)
    {
        caller.Require(Permission.OrgAdmin);
        Check(await keys.RevokeAsync(caller.OrgId, keyId, time.GetUtcNowMs(), ct), "API key", keyId, "id",
            "This is the organisation's last active key with the org-admin permission held by an active user");
        authenticator.Forget(keyId);
        var all = await keys.ListAsync(caller.OrgId, ct);
        return all.First(k => k.Id == keyId);
    }

    private static void Check(AdminWriteOutcome outcome, string resource, string id, string field, string lastAccess)
    {
        switch (outcome)
        {
            case AdminWriteOutcome.NotFound:
                throw new NotFoundException(resource, id);
            case AdminWriteOutcome.LastAdminAccess:
                throw new PreconditionFailedException(
                    "LAST_ORG_ADMIN", field, $"{lastAccess}: without it nobody could administer the organisation. Give another active user an org-admin key first.");
        }
    }
}
