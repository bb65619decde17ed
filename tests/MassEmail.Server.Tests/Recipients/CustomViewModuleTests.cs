using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>A view's module is fixed at creation: an update may repeat it or leave it unset, never change it.</summary>
public abstract class CustomViewModuleTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task UpdateCustomView_OtherModule_IsInvalidArgumentOnModule_AndTheViewIsUnchanged()
    {
        var (client, view) = await SeedAsync("View Module Org");

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.UpdateCustomViewAsync(new UpdateCustomViewRequest
        {
            View = new CustomView { Id = view.Id, Version = view.Version, Module = RecordModule.Contacts, Name = "Renamed", Criteria = R.And() },
        }));

        Assert.Equal(["view.module"], e.ViolatedFields());
        Assert.Equal(view, (await client.GetCustomViewAsync(new GetCustomViewRequest { Id = view.Id })).View);
    }

    [SkippableTheory]
    [InlineData(RecordModule.Candidates)]
    [InlineData(RecordModule.Unspecified)]
    public async Task UpdateCustomView_SameOrUnsetModule_UpdatesNameAndKeepsModule(RecordModule module)
    {
        var (client, view) = await SeedAsync($"View Same Module {module} Org");

        var updated = (await client.UpdateCustomViewAsync(new UpdateCustomViewRequest
        {
            View = new CustomView { Id = view.Id, Version = view.Version, Module = module, Name = "Renamed", Criteria = R.And() },
        })).View;

        Assert.Equal((RecordModule.Candidates, "Renamed", view.Version + 1), (updated.Module, updated.Name, updated.Version));
    }

    private async Task<(RecipientsService.RecipientsServiceClient Client, CustomView View)> SeedAsync(string orgName)
    {
        var org = await fixture.Server.CreateOrganisationAsync(orgName);
        var client = R.Client(fixture, org.AdminKey.Secret);
        var view = (await client.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "Everyone", Module = RecordModule.Candidates, Criteria = R.And() },
        })).View;
        return (client, view);
    }
}

[Trait("Store", "Sqlite")]
public sealed class CustomViewModuleSqliteTests(SqliteServerFixture f) : CustomViewModuleTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class CustomViewModuleMongoTests(MongoServerFixture f) : CustomViewModuleTests(f), IClassFixture<MongoServerFixture>;
