using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tenancy;

/// <summary>
/// Operator use cases that need no caller: creating organisations with their first administrator
/// (server binary's <c>admin</c> command, dev seed), plus the user/key creation shared with
/// <see cref="OrganisationAdminService"/>.
/// </summary>
public sealed class Provisioning(
    IOrganisationStore organisations, IUserStore users, IApiKeyStore keys, ApiKeyAuthenticator authenticator, TimeProvider time)
{
    /// <summary>Creates an organisation, an active admin user and a key with every permission.</summary>
    public async Task<ProvisionedOrganisation> CreateOrganisationAsync(NewOrganisation request, CancellationToken ct)
    {
        var v = new List<FieldViolation>();
        TenancyRules.CheckOrganisation(request.Name, request.Email, request.PostalAddress, v);
        if (request.BulkDailyLimitOverride is < 0)
        {
            v.Add(new("bulk_daily_limit_override", "must not be negative"));
        }

        TenancyRules.CheckEmail(request.AdminEmail, "admin_email", v);
        TenancyRules.ThrowIfAny(v);

        var org = new Organisation(Ids.New(time), request.Name.Trim(), request.Edition, request.Email.Trim(), request.PostalAddress,
            request.BulkDailyLimitOverride, time.GetUtcNowMs());
        await organisations.CreateAsync(org, ct);
        var admin = await CreateUserAsync(users, time, org.Id, request.AdminEmail, request.AdminFirstName, request.AdminLastName, true, ct);
        var key = await CreateApiKeyAsync(users, keys, time, org.Id, admin.Id, "initial admin key", Permission.All, ct);
        return new ProvisionedOrganisation(org, admin, key);
    }

    /// <summary>Creates a key for an existing user of the organisation.</summary>
    public Task<NewApiKey> CreateApiKeyAsync(string orgId, string userId, string name, Permission permissions, CancellationToken ct) =>
        CreateApiKeyAsync(users, keys, time, orgId, userId, name, permissions, ct);

    /// <summary>
    /// Activates or deactivates a user of the organisation without the last-admin check of
    /// <see cref="OrganisationAdminService.SetUserActiveAsync"/>: the operator's way back into an organisation
    /// whose administrators are all inactive, and the operator's override.
    /// </summary>
    public async Task<User> SetUserActiveAsync(string orgId, string userId, bool active, CancellationToken ct)
    {
        if (!await users.SetActiveAsync(orgId, userId, active, ct))
        {
            throw new NotFoundException("user", userId);
        }

        authenticator.ForgetAll();
        return await users.GetAsync(orgId, userId, ct) ?? throw new NotFoundException("user", userId);
    }

    internal static async Task<User> CreateUserAsync(
        IUserStore users, TimeProvider time, string orgId, string email, string firstName, string lastName, bool active, CancellationToken ct)
    {
        var v = new List<FieldViolation>();
        TenancyRules.CheckEmail(email, "email", v);
        TenancyRules.CheckPersonName(firstName, "first_name", v);
        TenancyRules.CheckPersonName(lastName, "last_name", v);
        TenancyRules.ThrowIfAny(v);
        var user = new User(Ids.New(time), orgId, email.Trim(), firstName.Trim(), lastName.Trim(), active, time.GetUtcNowMs());
        await users.CreateAsync(user, ct);
        return user;
    }

    internal static async Task<NewApiKey> CreateApiKeyAsync(
        IUserStore users, IApiKeyStore keys, TimeProvider time, string orgId, string userId, string name, Permission permissions, CancellationToken ct)
    {
        var v = new List<FieldViolation>();
        TemplateValidator.CheckName(name, "name", v);
        if (permissions == Permission.None || (permissions & ~Permission.All) != 0)
        {
            v.Add(new("permissions", "at least one known permission is required"));
        }

        TenancyRules.ThrowIfAny(v);
        if (await users.GetAsync(orgId, userId, ct) is null)
        {
            throw new NotFoundException("user", userId);
        }

        var id = Ids.New(time);
        var (secret, hash) = ApiKeySecret.Create(id);
        var key = new ApiKey(id, orgId, userId, name.Trim(), hash, permissions, time.GetUtcNowMs(), null);
        await keys.CreateAsync(key, ct);
        return new NewApiKey(key, secret);
    }
}
