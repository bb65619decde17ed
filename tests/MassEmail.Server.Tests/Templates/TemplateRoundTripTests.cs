using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Templates;

/// <summary>Create → get → list → update → render → delete through the real gRPC stack.</summary>
public abstract class TemplateRoundTripTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Templates_FullLifecycle_EachStepReturnsStoredState()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Round Trip Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var folder = (await client.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = "Onboarding" })).Folder;

        var created = (await client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template
            {
                Name = "Welcome candidates",
                FolderId = folder.Id,
                Subject = "Hello {{ record.first_name | default: \"there\" }}",
                HtmlBody = "<p>Hi {{ record.first_name }}, from {{ owner.first_name }} at {{ org.name }}</p>",
                From = new EmailAddress { Address = "jobs@example.com", DisplayName = "Jobs" },
                ReplyTo = new EmailAddress { Address = "reply@example.com" },
                Description = "first contact",
            },
        })).Template;
        Assert.Equal(1, created.Version);
        Assert.Equal(24, created.Id.Length);
        Assert.Equal(TemplateEngine.Liquid, created.Engine);

        var fetched = (await client.GetTemplateAsync(new GetTemplateRequest { Id = created.Id })).Template;
        Assert.Equal(created, fetched);

        var listed = await client.ListTemplatesAsync(new ListTemplatesRequest { FolderId = folder.Id, NameContains = "WELCOME" });
        Assert.Equal([created.Id], listed.Templates.Select(t => t.Id));
        Assert.Empty(listed.NextPageToken);

        var changed = fetched.Clone();
        changed.Subject = "Hi {{ record.first_name }}";
        var updated = (await client.UpdateTemplateAsync(new UpdateTemplateRequest
        {
            Template = changed,
            UpdateMask = new FieldMask { Paths = { "subject" } },
        })).Template;
        Assert.Equal(2, updated.Version);
        Assert.Equal("Hi {{ record.first_name }}", updated.Subject);
        Assert.Equal(created.HtmlBody, updated.HtmlBody);
        Assert.Equal(updated, (await client.GetTemplateAsync(new GetTemplateRequest { Id = created.Id })).Template);

        var rendered = await client.RenderTemplateAsync(new RenderTemplateRequest
        {
            TemplateId = created.Id,
            RecordFields = new Struct { Fields = { ["first_name"] = Value.ForString("Grace <G>") } },
        });
        Assert.Equal("Hi Grace <G>", rendered.Subject);
        Assert.Equal("<p>Hi Grace &lt;G&gt;, from Ada at Round Trip Org</p>", rendered.HtmlBody);
        Assert.Contains("Hi Grace <G>, from Ada at Round Trip Org", rendered.TextBody);

        await client.DeleteTemplateAsync(new DeleteTemplateRequest { Id = created.Id, Version = updated.Version });
        await RpcAssert.Fails(StatusCode.NotFound, () => client.GetTemplateAsync(new GetTemplateRequest { Id = created.Id }));
        Assert.Empty((await client.ListTemplatesAsync(new ListTemplatesRequest())).Templates);
    }

    [SkippableFact]
    public async Task ListTemplates_ManyPages_ReturnsEachTemplateOnceInNameOrder()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Paging Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var names = Enumerable.Range(0, 7).Select(i => $"Template {(char)('G' - i)}").ToList();
        foreach (var name in names)
        {
            await client.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = name, Subject = "s", HtmlBody = "b" } });
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await client.ListTemplatesAsync(new ListTemplatesRequest { PageSize = 3, PageToken = token });
            Assert.True(page.Templates.Count <= 3);
            seen.AddRange(page.Templates.Select(t => t.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
    }

    [SkippableFact]
    public async Task UpdateTemplate_StaleVersion_IsAbortedAndKeepsNewerValue()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Concurrency Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var v1 = (await client.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "T", Subject = "one", HtmlBody = "b" } })).Template;
        var first = v1.Clone();
        first.Subject = "two";
        await client.UpdateTemplateAsync(new UpdateTemplateRequest { Template = first });

        var stale = v1.Clone();
        stale.Subject = "three";
        await RpcAssert.Fails(StatusCode.Aborted, () => client.UpdateTemplateAsync(new UpdateTemplateRequest { Template = stale }));
        Assert.Equal("two", (await client.GetTemplateAsync(new GetTemplateRequest { Id = v1.Id })).Template.Subject);
    }
}

[Trait("Store", "Sqlite")]
public sealed class TemplateRoundTripSqliteTests(SqliteServerFixture f) : TemplateRoundTripTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class TemplateRoundTripMongoTests(MongoServerFixture f) : TemplateRoundTripTests(f), IClassFixture<MongoServerFixture>;
