using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Templates;

/// <summary>Organisation B can neither read, list, update nor delete organisation A's templates and folders.</summary>
public abstract class TemplateIsolationTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task OtherOrganisation_EveryTemplateOperation_SeesNotFoundAndChangesNothing()
    {
        var a = await fixture.Server.CreateOrganisationAsync("Org A");
        var b = await fixture.Server.CreateOrganisationAsync("Org B");
        var clientA = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(a.AdminKey.Secret));
        var clientB = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(b.AdminKey.Secret));
        var folder = (await clientA.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = "A's folder" })).Folder;
        var secret = (await clientA.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "A secret", FolderId = folder.Id, Subject = "s", HtmlBody = "b" },
        })).Template;

        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetTemplateAsync(new GetTemplateRequest { Id = secret.Id }));
        Assert.Empty((await clientB.ListTemplatesAsync(new ListTemplatesRequest())).Templates);
        Assert.Empty((await clientB.ListTemplatesAsync(new ListTemplatesRequest { FolderId = folder.Id })).Templates);
        Assert.Empty((await clientB.ListTemplateFoldersAsync(new ListTemplateFoldersRequest())).Folders);

        var hijack = secret.Clone();
        hijack.Subject = "owned";
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.UpdateTemplateAsync(new UpdateTemplateRequest { Template = hijack }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.DeleteTemplateAsync(new DeleteTemplateRequest { Id = secret.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.RenderTemplateAsync(new RenderTemplateRequest { TemplateId = secret.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.DeleteTemplateFolderAsync(new DeleteTemplateFolderRequest { Id = folder.Id }));

        // B may not file its own template into A's folder either: to B that folder does not exist.
        var intruder = await RpcAssert.Fails(StatusCode.InvalidArgument, () => clientB.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "B", FolderId = folder.Id, Subject = "s", HtmlBody = "b" },
        }));
        Assert.Contains("template.folder_id", intruder.ViolatedFields());

        Assert.Equal(secret, (await clientA.GetTemplateAsync(new GetTemplateRequest { Id = secret.Id })).Template);
        Assert.Single((await clientA.ListTemplateFoldersAsync(new ListTemplateFoldersRequest())).Folders);
    }

    [SkippableFact]
    public async Task NotFound_ForOtherOrganisationsId_LooksLikeNeverExisted()
    {
        var a = await fixture.Server.CreateOrganisationAsync("Org A2");
        var b = await fixture.Server.CreateOrganisationAsync("Org B2");
        var clientA = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(a.AdminKey.Secret));
        var clientB = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(b.AdminKey.Secret));
        var existing = (await clientA.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "x", Subject = "s", HtmlBody = "b" } })).Template;

        var unknownId = MassEmail.Core.Ids.New();
        var foreign = await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetTemplateAsync(new GetTemplateRequest { Id = existing.Id }));
        var missing = await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetTemplateAsync(new GetTemplateRequest { Id = unknownId }));
        Assert.Equal(missing.Status.Detail.Replace(unknownId, "ID"), foreign.Status.Detail.Replace(existing.Id, "ID"));
    }
}

[Trait("Store", "Sqlite")]
public sealed class TemplateIsolationSqliteTests(SqliteServerFixture f) : TemplateIsolationTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class TemplateIsolationMongoTests(MongoServerFixture f) : TemplateIsolationTests(f), IClassFixture<MongoServerFixture>;
