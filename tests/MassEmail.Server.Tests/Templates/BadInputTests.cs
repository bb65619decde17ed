using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Templates;

/// <summary>Every malformed request gets its precise status and field, and the store is exactly as before.</summary>
public abstract class BadInputTests(ServerFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task MalformedRequest_IsRefusedWithField_AndStoreUnchanged(string name)
    {
        var @case = BadInputCases.All[name];
        if (@case.NeedsUniqueIndex)
        {
            Skip.IfNot(await fixture.EnforcesUniqueNamesAsync(), "capability UniqueSecondaryIndexes: this MongoDB-wire server does not enforce unique indexes");
        }

        var org = await fixture.Server.CreateOrganisationAsync("Bad Input Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var seed = await SeedAsync(client);
        var before = await SnapshotAsync(client);

        var e = await RpcAssert.Fails(@case.Code, () => @case.Call(client, seed));

        if (@case.Code == StatusCode.FailedPrecondition)
        {
            Assert.Contains(@case.Field, e.PreconditionSubjects());
        }
        else if (@case.Field.Length > 0)
        {
            Assert.Contains(@case.Field, e.ViolatedFields());
        }

        Assert.DoesNotContain("Exception", e.Status.Detail);
        Assert.Equal(before, await SnapshotAsync(client));
    }

    private static async Task<BadInputCases.Seed> SeedAsync(TemplatesService.TemplatesServiceClient client)
    {
        var folder = (await client.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = "Seeded" })).Folder;
        var v1 = (await client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Existing", FolderId = folder.Id, Subject = "Hi", HtmlBody = "<p>x</p>" },
        })).Template;
        v1.Description = "second version";
        var v2 = (await client.UpdateTemplateAsync(new UpdateTemplateRequest { Template = v1 })).Template;
        await client.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "Another", Subject = "Hi", HtmlBody = "y" } });
        return new BadInputCases.Seed(v2, folder);
    }

    private static async Task<string> SnapshotAsync(TemplatesService.TemplatesServiceClient client)
    {
        var templates = await client.ListTemplatesAsync(new ListTemplatesRequest { PageSize = 200 });
        var folders = await client.ListTemplateFoldersAsync(new ListTemplateFoldersRequest());
        return templates.ToString() + folders;
    }
}

[Trait("Store", "Sqlite")]
public sealed class BadInputSqliteTests(SqliteServerFixture f) : BadInputTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class BadInputMongoTests(MongoServerFixture f) : BadInputTests(f), IClassFixture<MongoServerFixture>;
