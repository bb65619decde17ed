using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="IOrganisationStore"/> must do.</summary>
public abstract class OrganisationStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IOrganisationStore Organisations => Store<IOrganisationStore>();

    [SkippableFact]
    public async Task CreateAsync_EveryFieldSet_GetReturnsEqualOrganisation()
    {
        Organisation org = TestData.Organisation() with
        {
            Name = "Ünïcødé Rëcrüiting 日本 Ωmega",
            Edition = Edition.Enterprise,
            PostalAddress = new PostalAddress("Straße 1\nHof 2", "Zürich", "ZH", "8001", "CH"),
            BulkDailyLimitOverride = 2250,
        };

        await Organisations.CreateAsync(org, Ct);

        Assert.Equal(org, await Organisations.GetAsync(org.Id, Ct));
    }

    [SkippableFact]
    public async Task CreateAsync_NoLimitOverrideAndEmptyAddress_GetReturnsNullAndEmpty()
    {
        Organisation org = TestData.Organisation() with { BulkDailyLimitOverride = null, PostalAddress = PostalAddress.Empty, Edition = Edition.Free };

        await Organisations.CreateAsync(org, Ct);

        Organisation? stored = await Organisations.GetAsync(org.Id, Ct);
        Assert.Equal(org, stored);
        Assert.Null(stored!.BulkDailyLimitOverride);
    }

    [SkippableFact]
    public async Task CreateAsync_SameIdTwice_ThrowsAlreadyExists()
    {
        Organisation org = TestData.Organisation();
        await Organisations.CreateAsync(org, Ct);

        AlreadyExistsException e = await Assert.ThrowsAsync<AlreadyExistsException>(
            () => Organisations.CreateAsync(org with { Name = "Other" }, Ct));

        Assert.Equal("id", e.Field);
        Assert.Equal(org.Name, (await Organisations.GetAsync(org.Id, Ct))!.Name);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Organisations.GetAsync(id, Ct));
    }

    [SkippableFact]
    public async Task UpdateProfileAsync_Existing_ReplacesNameEmailAndAddressOnly()
    {
        Organisation org = TestData.Organisation() with { BulkDailyLimitOverride = 500 };
        await Organisations.CreateAsync(org, Ct);
        var address = new PostalAddress("2 Side St", "Shelbyville", "", "62565", "US");

        Assert.True(await Organisations.UpdateProfileAsync(org.Id, "Acme Ltd", "hello@acme.example", address, Ct));

        Assert.Equal(
            org with { Name = "Acme Ltd", Email = "hello@acme.example", PostalAddress = address },
            await Organisations.GetAsync(org.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task UpdateProfileAsync_UnknownOrg_ReturnsFalse(string id)
    {
        Assert.False(await Organisations.UpdateProfileAsync(id, "X", "x@example.com", PostalAddress.Empty, Ct));
        Assert.Null(await Organisations.GetAsync(id, Ct));
    }

    [SkippableFact]
    public async Task UpdateProfileAsync_OneOrg_LeavesOtherOrgUnchanged()
    {
        Organisation a = TestData.Organisation();
        Organisation b = TestData.Organisation() with { Id = Ids.New() };
        await Organisations.CreateAsync(a, Ct);
        await Organisations.CreateAsync(b, Ct);

        await Organisations.UpdateProfileAsync(b.Id, "B", "b@example.com", PostalAddress.Empty, Ct);

        Assert.Equal(a, await Organisations.GetAsync(a.Id, Ct));
    }

    [SkippableFact]
    public async Task AnyAsync_EmptyStoreThenOneOrg_ReturnsFalseThenTrue()
    {
        await using StoreInstance fresh = await Fixture.OpenFreshAsync();
        await fresh.InitializeAsync();
        IOrganisationStore organisations = fresh.Get<IOrganisationStore>();

        Assert.False(await organisations.AnyAsync(Ct));
        await organisations.CreateAsync(TestData.Organisation(), Ct);
        Assert.True(await organisations.AnyAsync(Ct));
    }
}
