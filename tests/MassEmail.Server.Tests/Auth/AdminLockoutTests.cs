using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Testing;

namespace MassEmail.Server.Tests.Auth;

/// <summary>
/// An organisation keeps at least one way in: an active user holding an unrevoked key with the org-admin
/// permission. Deactivating that user or revoking that key is FAILED_PRECONDITION, even when two calls race.
/// </summary>
public abstract class AdminLockoutTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task SetUserActive_OnlyAdminDeactivatesThemself_IsFailedPrecondition_AndTheKeyStillWorks()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Lockout Self Org");
        var admin = Admin(org.AdminKey.Secret);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = org.Admin.Id, Active = false }));

        Assert.Equal(["user_id"], e.PreconditionSubjects());
        Assert.Equal("LAST_ORG_ADMIN", e.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations[0].Type);
        Assert.True(Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users).Active);
    }

    [SkippableFact]
    public async Task RevokeApiKey_LastOrgAdminKey_IsFailedPrecondition_AndTheKeyStillWorks()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Lockout Key Org");
        var admin = Admin(org.AdminKey.Secret);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = org.AdminKey.Key.Id }));

        Assert.Equal(["id"], e.PreconditionSubjects());
        Assert.Null(Assert.Single((await admin.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys).RevokeTime);
    }

    /// <summary>An admin key of an inactive user, or a key without the org-admin permission, is no way in.</summary>
    [SkippableFact]
    public async Task RevokeApiKey_OtherAdminKeysBelongToInactiveUserOrLackPermission_IsFailedPrecondition()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Lockout Inactive Org");
        var admin = Admin(org.AdminKey.Secret);
        var dormant = await CreateUserAsync(admin, "dormant@lockout.example");
        await KeyAsync(admin, dormant, Permission.OrgAdmin);
        await admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = dormant, Active = false });
        await KeyAsync(admin, org.Admin.Id, Permission.TemplatesRead, Permission.RecipientsWrite);

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = org.AdminKey.Key.Id }));
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = org.Admin.Id, Active = false }));
    }

    [SkippableFact]
    public async Task RevokeAndDeactivate_AnotherActiveAdminRemains_AreAllowed()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Lockout Allowed Org");
        var admin = Admin(org.AdminKey.Secret);
        var second = await KeyAsync(admin, org.Admin.Id, Permission.OrgAdmin);
        var deputy = await CreateUserAsync(admin, "deputy@lockout.example");
        var deputyKey = await KeyAsync(admin, deputy, Permission.OrgAdmin);

        // The caller's own key, while its user keeps another admin key.
        var revoked = await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = org.AdminKey.Key.Id });
        Assert.NotNull(revoked.ApiKey.RevokeTime);

        // The first admin, while the deputy is an active admin.
        var asSecond = Admin(second.Secret);
        Assert.False((await asSecond.SetUserActiveAsync(new SetUserActiveRequest { UserId = org.Admin.Id, Active = false })).User.Active);

        // Now the deputy is the last one.
        var asDeputy = Admin(deputyKey.Secret);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => asDeputy.SetUserActiveAsync(new SetUserActiveRequest { UserId = deputy, Active = false }));
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => asDeputy.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = deputyKey.ApiKey.Id }));
        Assert.True((await asDeputy.SetUserActiveAsync(new SetUserActiveRequest { UserId = org.Admin.Id, Active = true })).User.Active);
    }

    /// <summary>
    /// The last two admin keys revoke each other at once: whatever the interleaving, at most one revocation
    /// succeeds and one key still administers the organisation.
    /// </summary>
    [SkippableFact]
    public async Task RevokeApiKey_LastTwoAdminKeysRevokeEachOtherAtOnce_OneAlwaysRemains()
    {
        for (var round = 0; round < 5; round++)
        {
            var org = await fixture.Server.CreateOrganisationAsync($"Lockout Race Org {round}");
            var other = await KeyAsync(Admin(org.AdminKey.Secret), org.Admin.Id, Permission.OrgAdmin);
            (string Secret, string Id)[] keys = [(org.AdminKey.Secret, org.AdminKey.Key.Id), (other.Secret, other.ApiKey.Id)];
            var codes = await Race.RunAsync(2, async i =>
            {
                try
                {
                    await Admin(keys[i].Secret).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = keys[1 - i].Id });
                    return StatusCode.OK;
                }
                catch (RpcException e)
                {
                    return e.StatusCode;
                }
            });

            Assert.All(codes, c => Assert.Contains(c, new[] { StatusCode.OK, StatusCode.FailedPrecondition, StatusCode.Unauthenticated }));
            Assert.True(codes.Count(c => c == StatusCode.OK) <= 1, string.Join(", ", codes));
            var survivors = new List<string>();
            foreach (var key in keys)
            {
                try
                {
                    await Admin(key.Secret).ListUsersAsync(new ListUsersRequest());
                    survivors.Add(key.Id);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
                {
                }
            }

            Assert.NotEmpty(survivors);
            Assert.Equal(2 - codes.Count(c => c == StatusCode.OK), survivors.Count);
        }
    }

    private AdminService.AdminServiceClient Admin(string key) => new(fixture.Server.Invoker(key));

    private static async Task<string> CreateUserAsync(AdminService.AdminServiceClient admin, string email) =>
        (await admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = email, FirstName = "Dee", Active = true } })).User.Id;

    private static Task<CreateApiKeyResponse> KeyAsync(AdminService.AdminServiceClient admin, string userId, params Permission[] permissions) =>
        admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = userId, Name = "key", Permissions = { permissions } }).ResponseAsync;
}

[Trait("Store", "Sqlite")]
public sealed class AdminLockoutSqliteTests(SqliteServerFixture f) : AdminLockoutTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AdminLockoutMongoTests(MongoServerFixture f) : AdminLockoutTests(f), IClassFixture<MongoServerFixture>;
