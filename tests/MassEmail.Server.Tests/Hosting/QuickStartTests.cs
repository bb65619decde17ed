using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.Hosting;

/// <summary>
/// Talks over real TCP to the service that README's Quick start command (<c>dev/start</c>)
/// started; <c>dev/test</c> starts it and passes its address and printed demo key.
/// </summary>
[Collection(Collection)]
public sealed class QuickStartTests : IDisposable
{
    /// <summary>The tests that use the one Quick start service: not in parallel, since they count its mail.</summary>
    public const string Collection = "Quick start service";

    private readonly string? url = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_URL");
    private readonly string? key = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_KEY");
    private readonly string? sesUrl = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_SES_URL");
    private GrpcChannel? channel;

    [SkippableFact]
    public async Task QuickStart_Reflection_ListsServices()
    {
        var client = new ServerReflection.ServerReflectionClient(Channel());
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("massemail.v1.TemplatesService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [SkippableFact]
    public async Task QuickStart_Health_IsServing()
    {
        var response = await new Health.HealthClient(Channel()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [SkippableFact]
    public async Task QuickStart_DemoKey_CreatesAndRendersTemplate()
    {
        var invoker = Channel().Intercept(m =>
        {
            m.Add("authorization", $"Bearer {key}");
            return m;
        });
        var client = new TemplatesService.TemplatesServiceClient(invoker);
        var created = await client.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = $"Quick start {Guid.NewGuid():N}", Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>{{ org.name }}</p>" },
        });
        var rendered = await client.RenderTemplateAsync(new RenderTemplateRequest
        {
            TemplateId = created.Template.Id,
            RecordFields = new Struct { Fields = { ["first_name"] = Value.ForString("Ada") } },
        });
        Assert.Equal("Hi Ada", rendered.Subject);
        Assert.Equal("<p>Demo Recruiting</p>", rendered.HtmlBody);
    }

    [SkippableFact]
    public async Task QuickStart_SesEmulator_ServesMailStore()
    {
        Skip.If(sesUrl is null, "MASSEMAIL_QUICKSTART_SES_URL is not set: run through dev/test");
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"{sesUrl}/store");
        Assert.StartsWith("{", body.TrimStart());
    }

    [SkippableFact]
    public async Task QuickStart_DemoMassSend_MailAppearsInEmulator()
    {
        var invoker = Channel().Intercept(m =>
        {
            m.Add("authorization", $"Bearer {key}");
            return m;
        });
        var templates = await new TemplatesService.TemplatesServiceClient(invoker).ListTemplatesAsync(new ListTemplatesRequest { NameContains = "Demo: new openings" });
        var sends = new MassSendService.MassSendServiceClient(invoker);
        var send = await sends.StartMassSendAsync(new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = templates.Templates.Single().Id,
            From = AddressChoice.Template,
            ReplyTo = AddressChoice.RecordOwner,
            Audience = new Audience { Criteria = new Criteria { Group = new CriteriaGroup() } },
            IdempotencyKey = "quick-start-demo",
        });

        var last = (await SendHelpers.WatchAsync(sends, send.Send.Id))[^1];

        Assert.Equal(SendState.Completed, last.State);
        Assert.Equal(25, last.Counts.Sent);
        using var http = new HttpClient();
        var store = await http.GetStringAsync($"{sesUrl}/store");
        Assert.Equal(25, System.Text.RegularExpressions.Regex.Matches(store, "candidate\\d+@demo-recruiting\\.example").Select(m => m.Value).Distinct().Count());
    }

    public void Dispose() => channel?.Dispose();

    private GrpcChannel Channel()
    {
        Skip.If(url is null || key is null, "MASSEMAIL_QUICKSTART_URL/KEY are not set: this test runs against dev/start when started by dev/test");
        return channel ??= GrpcChannel.ForAddress(url!);
    }
}
