using MassEmail.Core;
using MassEmail.Core.Connections;
using MassEmail.Core.Errors;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Connections;

/// <summary>
/// What every <see cref="IConnectionStore"/> must do: keep a connection as given (its credentials are ciphertext to the
/// store), one name per organisation (case-insensitive), organisations apart.
/// </summary>
public abstract class ConnectionStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IConnectionStore Connections => Store<IConnectionStore>();

    [SkippableFact]
    public async Task InsertAsync_ThenGet_ReturnsEqualConnection()
    {
        var connection = Connection(await NewOrgAsync(), "Zoho — EU account") with { Version = 5_000_000_000 };

        await Connections.InsertAsync(connection, Ct);

        Assert.Equal(connection, await Connections.GetAsync(connection.OrgId, connection.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NoCredentialNames_ReadBackEmpty()
    {
        var connection = Connection(await NewOrgAsync(), "Bare") with { CredentialNames = [] };

        await Connections.InsertAsync(connection, Ct);

        Assert.Empty((await Connections.GetAsync(connection.OrgId, connection.Id, Ct))!.CredentialNames);
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Connections.InsertAsync(Connection(orgId, "Mailchimp main"), Ct);

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => Connections.InsertAsync(Connection(orgId, " MAILCHIMP MAIN"), Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Connections.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherOrg_SucceedsAndStaysApart()
    {
        var mine = Connection(await NewOrgAsync(), "Zoho");
        var theirs = Connection(await NewOrgAsync(), "Zoho");

        await Connections.InsertAsync(mine, Ct);
        await Connections.InsertAsync(theirs, Ct);

        Assert.Null(await Connections.GetAsync(mine.OrgId, theirs.Id, Ct));
        Assert.Equal([mine], await Connections.ListAsync(mine.OrgId, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Connections.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OrderedByNameKeyThenId()
    {
        var orgId = await NewOrgAsync();
        var b = Connection(orgId, "beta");
        var a = Connection(orgId, "Alpha");
        var c = Connection(orgId, "Gamma");
        foreach (var connection in new[] { b, c, a })
        {
            await Connections.InsertAsync(connection, Ct);
        }

        Assert.Equal([a, b, c], await Connections.ListAsync(orgId, Ct));
        Assert.Empty(await Connections.ListAsync(await NewOrgAsync(), Ct));
        Assert.Empty(await Connections.ListAsync("not-an-id", Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_OnlyInItsOrg_ThenGone_AndNameFreeAgain()
    {
        var connection = Connection(await NewOrgAsync(), "To delete");
        await Connections.InsertAsync(connection, Ct);

        Assert.False(await Connections.DeleteAsync(await NewOrgAsync(), connection.Id, Ct));
        Assert.False(await Connections.DeleteAsync(connection.OrgId, "not-an-id", Ct));
        Assert.True(await Connections.DeleteAsync(connection.OrgId, connection.Id, Ct));
        Assert.False(await Connections.DeleteAsync(connection.OrgId, connection.Id, Ct));
        Assert.Null(await Connections.GetAsync(connection.OrgId, connection.Id, Ct));
        await Connections.InsertAsync(Connection(connection.OrgId, "To delete"), Ct);
    }

    [SkippableFact]
    public async Task FindByIdAsync_FindsTheConnectionInWhicheverOrganisation()
    {
        var mine = Connection(await NewOrgAsync(), "Mailchimp");
        var theirs = Connection(await NewOrgAsync(), "Mailchimp");
        await Connections.InsertAsync(mine, Ct);
        await Connections.InsertAsync(theirs, Ct);

        Assert.Equal(mine, await Connections.FindByIdAsync(mine.Id, Ct));
        Assert.Equal(theirs, await Connections.FindByIdAsync(theirs.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task FindByIdAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Connections.FindByIdAsync(id, Ct));
    }

    private static Connection Connection(string orgId, string name) => new(
        Ids.New(), orgId, "zoho-campaigns", name, "eu", $"CfDJ8{Guid.NewGuid():N}ciphertext", ["client_id", "client_secret", "refresh_token"],
        Ids.New(), TestData.Now(), 1);
}
