using Grpc.Core;
using Grpc.Health.V1;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using LiquidSandboxOptions = MassEmail.Core.Templates.Rendering.LiquidSandboxOptions;

namespace MassEmail.Server.Tests.Templates;

/// <summary>
/// The two templates an outside tester used to overflow the stack and end the process, through
/// every RPC that parses a template: each is refused with INVALID_ARGUMENT naming the field and
/// the limit, in a short message, nothing is stored, and the service still answers after.
/// </summary>
public abstract class NestingLimitTests(ServerFixture fixture)
{
    public static readonly TheoryData<string> Shapes = new() { "parentheses", "nested if" };

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task ValidateTemplate_TooDeep_IsRefusedNamingTheField(string shape)
    {
        var client = await ClientAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.ValidateTemplateAsync(new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = "Hi", HtmlBody = Html(shape) },
        }).ResponseAsync);

        await AssertRefusedAsync(e, "content.html_body");
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task ValidateTemplate_TooDeepSubject_IsRefusedNamingTheSubject(string shape)
    {
        var client = await ClientAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.ValidateTemplateAsync(new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = Html(shape), HtmlBody = "<p>ok</p>" },
        }).ResponseAsync);

        await AssertRefusedAsync(e, "content.subject");
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task CreateTemplate_TooDeep_IsRefusedAndNothingIsStored(string shape)
    {
        var client = await ClientAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Deep", Subject = "Hi", HtmlBody = Html(shape) },
        }).ResponseAsync);

        await AssertRefusedAsync(e, "template.html_body");
        Assert.Empty((await client.ListTemplatesAsync(new ListTemplatesRequest())).Templates);
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task CreateTemplate_TooDeepTextBody_IsRefusedNamingTheTextBody(string shape)
    {
        var client = await ClientAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Deep", Subject = "Hi", HtmlBody = "<p>ok</p>", TextBody = Html(shape) },
        }).ResponseAsync);

        await AssertRefusedAsync(e, "template.text_body");
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task UpdateTemplate_TooDeep_IsRefusedAndTheStoredVersionStays(string shape)
    {
        var client = await ClientAsync();
        var stored = (await client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Shallow", Subject = "Hi", HtmlBody = "<p>{{ record.first_name }}</p>" },
        })).Template;
        var change = stored.Clone();
        change.HtmlBody = Html(shape);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.UpdateTemplateAsync(new UpdateTemplateRequest { Template = change }).ResponseAsync);

        await AssertRefusedAsync(e, "template.html_body");
        Assert.Equal(stored, (await client.GetTemplateAsync(new GetTemplateRequest { Id = stored.Id })).Template);
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task RenderTemplate_TooDeepInline_IsRefusedNamingTheField(string shape)
    {
        var client = await ClientAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.RenderTemplateAsync(new RenderTemplateRequest
        {
            Content = new TemplateContent { Subject = "Hi", HtmlBody = Html(shape) },
        }).ResponseAsync);

        await AssertRefusedAsync(e, "content.html_body");
    }

    [SkippableFact]
    public async Task ValidateTemplate_NestedAsDeepAsTheLimitAllows_ReportsNoIssue()
    {
        var client = await ClientAsync();
        var depth = LiquidSandboxOptions.DefaultMaxNestingDepth - 1;
        var html = Repeat("{% if true %}", depth) + "x" + Repeat("{% endif %}", depth);

        var response = await client.ValidateTemplateAsync(new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = "Hi", HtmlBody = html },
        });

        Assert.Empty(response.Issues);
    }

    private static string Html(string shape) => shape switch
    {
        "parentheses" => "{{ " + Repeat("(", 2_500) + "1" + Repeat(")", 2_500) + " }}",
        _ => Repeat("{% if true %}", 5_000) + "x" + Repeat("{% endif %}", 5_000),
    };

    private static string Repeat(string value, int count) => string.Concat(Enumerable.Repeat(value, count));

    // An organisation per test: CreateTemplate's assertion that nothing was stored needs an empty one.
    private async Task<TemplatesService.TemplatesServiceClient> ClientAsync()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Nesting Org");
        return new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
    }

    private async Task AssertRefusedAsync(RpcException e, string field)
    {
        Assert.Equal([field], e.ViolatedFields());
        Assert.Contains($"more than {LiquidSandboxOptions.DefaultMaxNestingDepth} levels", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("MaxNestingDepth", e.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(e.Status.Detail.Length, 1, 1023);
        var health = new Health.HealthClient(fixture.Server.Invoker(null));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }
}

/// <summary>The limit is the operator's to set (Templates:Liquid:MaxNestingDepth).</summary>
public sealed class NestingLimitSettingTests(ShallowNestingServerFixture fixture) : IClassFixture<ShallowNestingServerFixture>
{
    [SkippableFact]
    public async Task ValidateTemplate_DeeperThanTheConfiguredLimit_IsRefusedNamingIt()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Shallow Org");
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.ValidateTemplateAsync(new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = "Hi", HtmlBody = "{% if a %}{% if a %}{% if a %}{% if a %}{% if a %}x{% endif %}{% endif %}{% endif %}{% endif %}{% endif %}" },
        }).ResponseAsync);

        Assert.Equal(["content.html_body"], e.ViolatedFields());
        Assert.Contains("more than 5 levels", e.Status.Detail, StringComparison.Ordinal);
    }
}

[Trait("Store", "Sqlite")]
public sealed class NestingLimitSqliteTests(SqliteServerFixture f) : NestingLimitTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class NestingLimitMongoTests(MongoServerFixture f) : NestingLimitTests(f), IClassFixture<MongoServerFixture>;
