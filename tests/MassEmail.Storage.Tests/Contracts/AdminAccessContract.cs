using MassEmail.Core;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>
/// What every store must do about an organisation's last <em>admin access</em> (an active user holding an
/// unrevoked key with the org-admin permission): <see cref="IApiKeyStore.RevokeAsync"/> and
/// <see cref="IUserStore.DeactivateAsync"/> refuse to take it away, also when two calls race for the last two.
/// </summary>
public abstract class AdminAccessContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IApiKeyStore Keys => Store<IApiKeyStore>();

    private IUserStore Users => Store<IUserStore>();

    [SkippableFact]
    public async Task RevokeAsync_OnlyAdminKey_ReturnsLastAdminAccessAndKeepsTheKey()
    {
        var orgId = await NewOrgAsync();
        ApiKey admin = await AdminKeyAsync(orgId, (await NewUserAsync(orgId)).Id);

        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Keys.RevokeAsync(orgId, admin.Id, TestData.Now(), Ct));

        Assert.Null((await Keys.FindCredentialAsync(admin.Id, Ct))!.Key.RevokedAt);
    }

    /// <summary>Admin keys of inactive users and keys without the permission are no way in, and other organisations' keys do not count.</summary>
    [SkippableFact]
    public async Task RevokeAsync_OtherKeysAreNoAdminAccess_ReturnsLastAdminAccessForTheOneThatIs()
    {
        var orgId = await NewOrgAsync();
        User boss = await NewUserAsync(orgId);
        ApiKey admin = await AdminKeyAsync(orgId, boss.Id);
        ApiKey inactiveAdmin = await AdminKeyAsync(orgId, (await NewUserAsync(orgId, active: false)).Id);
        ApiKey plain = TestData.ApiKey(orgId, boss.Id);
        await Keys.CreateAsync(plain, Ct);
        var otherOrg = await NewOrgAsync();
        await AdminKeyAsync(otherOrg, (await NewUserAsync(otherOrg)).Id);

        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Keys.RevokeAsync(orgId, admin.Id, TestData.Now(), Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, plain.Id, TestData.Now(), Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, inactiveAdmin.Id, TestData.Now(), Ct));
        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Keys.RevokeAsync(orgId, admin.Id, TestData.Now(), Ct));
    }

    [SkippableFact]
    public async Task RevokeAsync_AnotherAdminKeyRemains_RevokesUntilItIsTheLast()
    {
        var orgId = await NewOrgAsync();
        User boss = await NewUserAsync(orgId);
        ApiKey first = await AdminKeyAsync(orgId, boss.Id);
        ApiKey second = await AdminKeyAsync(orgId, boss.Id);
        DateTimeOffset at = TestData.Now();

        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, first.Id, at, Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, first.Id, at.AddHours(1), Ct));
        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Keys.RevokeAsync(orgId, second.Id, at, Ct));

        Assert.Equal(at, (await Keys.FindCredentialAsync(first.Id, Ct))!.Key.RevokedAt);
        Assert.Null((await Keys.FindCredentialAsync(second.Id, Ct))!.Key.RevokedAt);
    }

    [SkippableFact]
    public async Task DeactivateAsync_OnlyUserWithAdminAccess_ReturnsLastAdminAccessAndKeepsUserActive()
    {
        var orgId = await NewOrgAsync();
        User boss = await NewUserAsync(orgId);
        await AdminKeyAsync(orgId, boss.Id);
        User clerk = await NewUserAsync(orgId);
        await Keys.CreateAsync(TestData.ApiKey(orgId, clerk.Id), Ct);

        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Users.DeactivateAsync(orgId, boss.Id, Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Users.DeactivateAsync(orgId, clerk.Id, Ct));

        Assert.True((await Users.GetAsync(orgId, boss.Id, Ct))!.Active);
        Assert.False((await Users.GetAsync(orgId, clerk.Id, Ct))!.Active);
    }

    [SkippableFact]
    public async Task DeactivateAsync_AnotherUserHasAdminAccess_DeactivatesAndIsDoneAgain()
    {
        var orgId = await NewOrgAsync();
        User first = await NewUserAsync(orgId);
        User second = await NewUserAsync(orgId);
        await AdminKeyAsync(orgId, first.Id);
        await AdminKeyAsync(orgId, second.Id);

        Assert.Equal(AdminWriteOutcome.Done, await Users.DeactivateAsync(orgId, first.Id, Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Users.DeactivateAsync(orgId, first.Id, Ct));
        Assert.Equal(AdminWriteOutcome.LastAdminAccess, await Users.DeactivateAsync(orgId, second.Id, Ct));

        Assert.False((await Users.GetAsync(orgId, first.Id, Ct))!.Active);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task DeactivateAsync_UnknownOrMalformedUser_ReturnsNotFound(string id)
    {
        Assert.Equal(AdminWriteOutcome.NotFound, await Users.DeactivateAsync(await NewOrgAsync(), id, Ct));
        Assert.Equal(AdminWriteOutcome.NotFound, await Users.DeactivateAsync(Ids.New(), id, Ct));
    }

    [SkippableFact]
    public async Task DeactivateAsync_UserOfOtherOrg_ReturnsNotFoundAndLeavesUserActive()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);

        Assert.Equal(AdminWriteOutcome.NotFound, await Users.DeactivateAsync(await NewOrgAsync(), user.Id, Ct));

        Assert.True((await Users.GetAsync(orgId, user.Id, Ct))!.Active);
    }

    /// <summary>Deliberately not gated on transactions: each adapter must settle this race on any server.</summary>
    [SkippableFact]
    public async Task RevokeAsync_LastTwoAdminKeysAtOnce_ExactlyOneIsRevoked()
    {
        for (var round = 0; round < 10; round++)
        {
            var orgId = await NewOrgAsync();
            User boss = await NewUserAsync(orgId);
            ApiKey[] keys = [await AdminKeyAsync(orgId, boss.Id), await AdminKeyAsync(orgId, boss.Id)];

            AdminWriteOutcome[] outcomes = await Race.RunAsync(2, i => Keys.RevokeAsync(orgId, keys[i].Id, TestData.Now(), Ct));

            Assert.Equal([AdminWriteOutcome.Done, AdminWriteOutcome.LastAdminAccess], outcomes.Order());
            Assert.Single(await Keys.ListAsync(orgId, Ct), k => k.RevokedAt is null);
        }
    }

    [SkippableFact]
    public async Task DeactivateAndRevoke_LastTwoWaysInAtOnce_ExactlyOneSucceeds()
    {
        for (var round = 0; round < 10; round++)
        {
            var orgId = await NewOrgAsync();
            User first = await NewUserAsync(orgId);
            User second = await NewUserAsync(orgId);
            await AdminKeyAsync(orgId, first.Id);
            ApiKey secondKey = await AdminKeyAsync(orgId, second.Id);

            AdminWriteOutcome[] outcomes = await Race.RunAsync(2, i => i == 0
                ? Users.DeactivateAsync(orgId, first.Id, Ct)
                : Keys.RevokeAsync(orgId, secondKey.Id, TestData.Now(), Ct));

            Assert.Equal([AdminWriteOutcome.Done, AdminWriteOutcome.LastAdminAccess], outcomes.Order());
            var firstActive = (await Users.GetAsync(orgId, first.Id, Ct))!.Active;
            var secondKeyValid = (await Keys.FindCredentialAsync(secondKey.Id, Ct))!.Key.RevokedAt is null;
            Assert.True(firstActive ^ secondKeyValid, $"first active: {firstActive}, second key valid: {secondKeyValid}");
        }
    }

    private async Task<ApiKey> AdminKeyAsync(string orgId, string userId)
    {
        ApiKey key = TestData.ApiKey(orgId, userId) with { Permissions = Permission.OrgAdmin | Permission.TemplatesRead };
        await Keys.CreateAsync(key, Ct);
        return key;
    }
}
