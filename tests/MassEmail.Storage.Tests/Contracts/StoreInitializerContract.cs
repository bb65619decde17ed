using MassEmail.Core.Storage;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>What every <see cref="IStoreInitializer"/> must do: every instance runs it on every start.</summary>
public abstract class StoreInitializerContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task InitializeAsync_RunTwice_SucceedsAndKeepsData()
    {
        await using StoreInstance fresh = await Fixture.OpenFreshAsync();
        await fresh.InitializeAsync();
        Organisation org = TestData.Organisation();
        Template template = TestData.Template(org.Id);
        await fresh.Get<IOrganisationStore>().CreateAsync(org, Ct);
        await fresh.Get<ITemplateStore>().InsertAsync(template, Ct);

        await fresh.InitializeAsync();

        Assert.Equal(org, await fresh.Get<IOrganisationStore>().GetAsync(org.Id, Ct));
        Assert.Equal(template, await fresh.Get<ITemplateStore>().GetAsync(org.Id, template.Id, Ct));
    }

    [SkippableFact]
    public async Task InitializeAsync_TwoAtOnceOnEmptyStore_BothSucceed()
    {
        await using StoreInstance fresh = await Fixture.OpenFreshAsync();
        IStoreInitializer initializer = fresh.Get<IStoreInitializer>();

        await Task.WhenAll(
            Task.Run(() => initializer.InitializeAsync(Ct)),
            Task.Run(() => initializer.InitializeAsync(Ct)));

        Assert.False(await fresh.Get<IOrganisationStore>().AnyAsync(Ct));
    }
}
