using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Templates;

/// <summary>Razor runs C#: refused by default (see BadInputCases "Razor while disabled"), usable when the operator enables it.</summary>
public sealed class RazorTemplateTests(RazorEnabledServerFixture fixture) : IClassFixture<RazorEnabledServerFixture>
{
    [SkippableFact]
    public async Task RazorTemplate_WhenEnabled_IsStoredAndRendered()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Razor Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var created = (await client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template
            {
                Name = "Razor welcome",
                Engine = TemplateEngine.Razor,
                Subject = "Hi @Model.Record[\"first_name\"]",
                HtmlBody = "<p>@Model.Record[\"first_name\"] from @Model.Org[\"name\"]</p>",
            },
        })).Template;

        var rendered = await client.RenderTemplateAsync(new RenderTemplateRequest
        {
            TemplateId = created.Id,
            RecordFields = new Struct { Fields = { ["first_name"] = Value.ForString("<Ada>") } },
        });

        Assert.Equal(TemplateEngine.Razor, created.Engine);
        Assert.Equal("Hi <Ada>", rendered.Subject);
        Assert.Equal("<p>&lt;Ada&gt; from Razor Org</p>", rendered.HtmlBody);
    }

    [SkippableFact]
    public async Task RazorTemplate_WithCompileError_IsInvalidArgumentWithPosition()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Razor Org 2");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "broken", Engine = TemplateEngine.Razor, Subject = "s", HtmlBody = "<p>\n@Model.Nope</p>" },
        }));
        Assert.Contains("template.html_body", e.ViolatedFields());
        Assert.Contains("line 2", e.Status.Detail);
    }
}
