using MassEmail.Core;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="IApiKeyStore"/> must do.</summary>
public abstract class ApiKeyStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IApiKeyStore Keys => Store<IApiKeyStore>();

    [SkippableTheory]
    [InlineData(Permission.None)]
    [InlineData(Permission.TemplatesRead | Permission.MassEmailContacts | Permission.OrgAdmin)]
    [InlineData(Permission.All)]
    public async Task CreateAsync_EveryFieldSet_FindCredentialReturnsEqualKey(Permission permissions)
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);
        ApiKey key = TestData.ApiKey(orgId, user.Id) with
        {
            Name = "déploiement 🔑",
            Permissions = permissions,
            SecretHash = [0, 1, 2, 255, 0, 128],
        };

        await Keys.CreateAsync(key, Ct);

        ApiKeyCredential? credential = await Keys.FindCredentialAsync(key.Id, Ct);
        Assert.NotNull(credential);
        AssertEqual(key, credential.Key);
        Assert.True(credential.UserActive);
    }

    [SkippableFact]
    public async Task FindCredentialAsync_UserInactive_ReportsUserInactive()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId, active: false);
        ApiKey key = TestData.ApiKey(orgId, user.Id);
        await Keys.CreateAsync(key, Ct);

        Assert.False((await Keys.FindCredentialAsync(key.Id, Ct))!.UserActive);
        await Store<IUserStore>().SetActiveAsync(orgId, user.Id, true, Ct);
        Assert.True((await Keys.FindCredentialAsync(key.Id, Ct))!.UserActive);
    }

    [SkippableFact]
    public async Task FindCredentialAsync_RevokedKey_ReturnsRevocationTime()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);
        ApiKey key = TestData.ApiKey(orgId, user.Id);
        await Keys.CreateAsync(key, Ct);
        DateTimeOffset at = TestData.Now().AddMinutes(5);

        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, key.Id, at, Ct));

        ApiKey stored = (await Keys.FindCredentialAsync(key.Id, Ct))!.Key;
        Assert.Equal(at, stored.RevokedAt);
        Assert.True(stored.IsRevoked);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task FindCredentialAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Keys.FindCredentialAsync(id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_KeysOfTwoOrgs_ReturnsOnlyOrgsKeysNewestFirst()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);
        var otherOrg = await NewOrgAsync();
        User otherUser = await NewUserAsync(otherOrg);
        DateTimeOffset t = TestData.Now();
        ApiKey oldest = TestData.ApiKey(orgId, user.Id, t.AddDays(-2));
        ApiKey newest = TestData.ApiKey(orgId, user.Id, t);
        ApiKey middle = TestData.ApiKey(orgId, user.Id, t.AddDays(-1));
        foreach (ApiKey k in new[] { oldest, newest, middle, TestData.ApiKey(otherOrg, otherUser.Id, t) })
        {
            await Keys.CreateAsync(k, Ct);
        }

        IReadOnlyList<ApiKey> listed = await Keys.ListAsync(orgId, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], listed.Select(k => k.Id));
        AssertEqual(middle, listed[1]);
    }

    [SkippableFact]
    public async Task RevokeAsync_Twice_KeepsFirstTime()
    {
        var orgId = await NewOrgAsync();
        ApiKey key = TestData.ApiKey(orgId, (await NewUserAsync(orgId)).Id);
        await Keys.CreateAsync(key, Ct);
        DateTimeOffset first = TestData.Now();

        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, key.Id, first, Ct));
        Assert.Equal(AdminWriteOutcome.Done, await Keys.RevokeAsync(orgId, key.Id, first.AddHours(1), Ct));

        Assert.Equal(first, (await Keys.ListAsync(orgId, Ct)).Single().RevokedAt);
    }

    [SkippableFact]
    public async Task RevokeAsync_KeyOfOtherOrg_ReturnsNotFoundAndLeavesKeyUnrevoked()
    {
        var orgId = await NewOrgAsync();
        ApiKey key = TestData.ApiKey(orgId, (await NewUserAsync(orgId)).Id);
        await Keys.CreateAsync(key, Ct);

        Assert.Equal(AdminWriteOutcome.NotFound, await Keys.RevokeAsync(await NewOrgAsync(), key.Id, TestData.Now(), Ct));

        Assert.Null((await Keys.FindCredentialAsync(key.Id, Ct))!.Key.RevokedAt);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task RevokeAsync_UnknownOrMalformedId_ReturnsNotFound(string id)
    {
        Assert.Equal(AdminWriteOutcome.NotFound, await Keys.RevokeAsync(await NewOrgAsync(), id, TestData.Now(), Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OrgWithoutKeys_ReturnsEmpty()
    {
        Assert.Empty(await Keys.ListAsync(Ids.New(), Ct));
    }

    // ApiKey holds a byte array, which records compare by reference.
    private static void AssertEqual(ApiKey expected, ApiKey actual)
    {
        Assert.Equal(expected.SecretHash, actual.SecretHash);
        Assert.Equal(expected, actual with { SecretHash = expected.SecretHash });
    }
}
