using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="IUserStore"/> must do.</summary>
public abstract class UserStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IUserStore Users => Store<IUserStore>();

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateAsync_EveryFieldSet_GetReturnsEqualUser(bool active)
    {
        var orgId = await NewOrgAsync();
        User user = TestData.User(orgId, active) with { FirstName = "Zoë", LastName = "Ødegård-李", Email = "Zoë.Ø@Acme.example" };

        await Users.CreateAsync(user, Ct);

        Assert.Equal(user, await Users.GetAsync(orgId, user.Id, Ct));
    }

    [SkippableFact]
    public async Task CreateAsync_EmailTakenInOrgWithOtherCase_ThrowsAlreadyExistsForEmail()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        User first = await NewUserAsync(orgId);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Users.CreateAsync(TestData.User(orgId) with { Email = $"  {first.Email.ToUpperInvariant()} " }, Ct));

        Assert.Equal("email", e.Field);
        Assert.Single(await Users.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task CreateAsync_SameEmailInOtherOrg_Succeeds()
    {
        User first = await NewUserAsync(await NewOrgAsync());
        var otherOrg = await NewOrgAsync();
        User second = TestData.User(otherOrg) with { Email = first.Email };

        await Users.CreateAsync(second, Ct);

        Assert.Equal(second, await Users.GetAsync(otherOrg, second.Id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_UserOfOtherOrg_ReturnsNull()
    {
        User user = await NewUserAsync(await NewOrgAsync());
        var otherOrg = await NewOrgAsync();

        Assert.Null(await Users.GetAsync(otherOrg, user.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Users.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_UsersOfTwoOrgs_ReturnsOnlyOrgsUsersOrderedByEmail()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        User carol = TestData.User(orgId) with { Email = "carol@acme.example" };
        User alice = TestData.User(orgId) with { Email = "Alice@acme.example" };
        User bob = TestData.User(orgId) with { Email = "bob@acme.example" };
        foreach (User u in new[] { carol, alice, bob, TestData.User(otherOrg) with { Email = "aaron@acme.example" } })
        {
            await Users.CreateAsync(u, Ct);
        }

        Assert.Equal([alice, bob, carol], await Users.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OrgWithoutUsers_ReturnsEmpty()
    {
        Assert.Empty(await Users.ListAsync(await NewOrgAsync(), Ct));
    }

    [SkippableFact]
    public async Task SetActiveAsync_Existing_ChangesOnlyTheFlag()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId, active: true);

        Assert.True(await Users.SetActiveAsync(orgId, user.Id, false, Ct));
        Assert.Equal(user with { Active = false }, await Users.GetAsync(orgId, user.Id, Ct));
        Assert.True(await Users.SetActiveAsync(orgId, user.Id, true, Ct));
        Assert.Equal(user, await Users.GetAsync(orgId, user.Id, Ct));
    }

    [SkippableFact]
    public async Task SetActiveAsync_SameValueAgain_ReturnsTrue()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId, active: true);

        Assert.True(await Users.SetActiveAsync(orgId, user.Id, true, Ct));
    }

    [SkippableFact]
    public async Task SetActiveAsync_UserOfOtherOrg_ReturnsFalseAndLeavesUserUnchanged()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId, active: true);

        Assert.False(await Users.SetActiveAsync(await NewOrgAsync(), user.Id, false, Ct));

        Assert.True((await Users.GetAsync(orgId, user.Id, Ct))!.Active);
    }

    [SkippableFact]
    public async Task SetActiveAsync_UnknownUser_ReturnsFalse()
    {
        Assert.False(await Users.SetActiveAsync(await NewOrgAsync(), Ids.New(), false, Ct));
    }
}
