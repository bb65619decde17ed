using System.Net;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Plugins;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Server.Tests.Telemetry;

/// <summary>
/// Secrets in URL paths never reach the logs: with every log category at Trace (as an operator raising the level would
/// set it), a campaign tool's webhooks (valid, malformed, with a wrong secret) and a recipient's unsubscribe link (the
/// page and the one-click POST) leave neither the webhook secret, the wrong guess nor the unsubscribe token in any
/// captured log line — while the server's own request log names the routes by template.
/// </summary>
public abstract class PathSecretsTests(StoreKind store)
{
    private const string Domain = "paths.example";
    private const string WrongSecret = "wrong-guess-of-the-secret-8a0c";

    [SkippableFact]
    public async Task WebhooksAndUnsubscribeLinks_AtTrace_NoSecretOrTokenInAnyLogLine()
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        await using var ses = await FakeSes.StartAsync();
        using var server = new MassEmailServer(
            store,
            new Dictionary<string, string?>
            {
                ["Ses:Endpoint"] = ses.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging:LogLevel:MassEmail.Server.Http.RequestLog"] = "Trace",
                ["Logging:Fake:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging:Fake:LogLevel:Microsoft.AspNetCore.Routing.Matching.DfaMatcher"] = "Trace",
            },
            services => services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging()),
            kestrel: true);
        var org = await server.CreateOrganisationAsync("Path secrets", bulkDailyLimit: 10);
        var invoker = server.Invoker(org.AdminKey.Secret);
        var (token, path) = await UnsubscribeLinkAsync(invoker, ses);
        var connection = (await new PluginsService.PluginsServiceClient(invoker).CreateConnectionAsync(
            PluginsServiceTests.Mailchimp("Mailchimp", "", FakeMailchimp.ApiKey))).Connection;
        const string secret = "mc-webhook-secret-3f9a";
        var webhook = new Uri(connection.WebhookUrl.Replace("{webhook_secret}", secret, StringComparison.Ordinal));
        var wrong = new Uri(connection.WebhookUrl.Replace("{webhook_secret}", WrongSecret, StringComparison.Ordinal));
        var link = new Uri(server.PublicAddress!, path);
        using var http = new HttpClient();

        var answers = new List<(string, HttpStatusCode)>();
        async Task Call(string name, Func<Task<HttpResponseMessage>> call)
        {
            using var response = await call();
            answers.Add((name, response.StatusCode));
        }

        await Call("validation", () => http.GetAsync(webhook));
        await Call("unsubscribe", () => http.PostAsync(webhook, WebhookTests.Unsubscribe($"p0@{Domain}", "mc-list-1")));
        await Call("malformed", () => http.PostAsync(webhook, new FormUrlEncodedContent([new("type", "explode"), new("data[email]", $"p0@{Domain}")])));
        await Call("wrong secret", () => http.PostAsync(wrong, WebhookTests.Unsubscribe($"p0@{Domain}", "mc-list-1")));
        await Call("page", () => http.GetAsync(link));
        await Call("one-click", () => http.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])));

        Assert.Equal(
            [
                ("validation", HttpStatusCode.OK), ("unsubscribe", HttpStatusCode.OK), ("malformed", HttpStatusCode.BadRequest),
                ("wrong secret", HttpStatusCode.Unauthorized), ("page", HttpStatusCode.OK), ("one-click", HttpStatusCode.OK),
            ],
            answers);
        var logs = server.Services.GetFakeLogCollector().GetSnapshot().Select(LogTexts.Of).ToList();
        foreach (var hidden in new[] { secret, WrongSecret, token })
        {
            var leaks = logs.Where(t => t.Contains(hidden, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{hidden} is in:\n{string.Join("\n---\n", leaks)}");
        }

        Assert.Contains(logs, t => t.Contains("/webhooks/{connectionId}/{secret}", StringComparison.Ordinal) && t.Contains("400", StringComparison.Ordinal));
        Assert.Contains(logs, t => t.Contains("/unsubscribe/{token}", StringComparison.Ordinal));
    }

    /// <summary>Sends to one candidate and returns the token and path of the unsubscribe link in the mail SES received.</summary>
    private static async Task<(string Token, string Path)> UnsubscribeLinkAsync(global::Grpc.Core.CallInvoker invoker, FakeSes ses)
    {
        await new RecipientsService.RecipientsServiceClient(invoker).UpsertRecordAsync(
            new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("p0", $"p0@{Domain}") });
        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Paths", Subject = "Hello", HtmlBody = "<p>Hello {{ record.first_name }}</p>" },
        });
        var sends = new MassSendService.MassSendServiceClient(invoker);
        var send = (await sends.StartMassSendAsync(SendHelpers.Start(template.Template.Id, "paths"))).Send;
        await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed);

        var link = TelemetrySecretsTests.UnsubscribeLink(System.Text.Encoding.UTF8.GetString(ses.Requests[0].Body));
        Assert.True(link.Segments[^1].Length >= 16, link.ToString());
        return (link.Segments[^1], link.AbsolutePath);
    }
}

[Trait("Store", "Sqlite")]
public sealed class PathSecretsSqliteTests() : PathSecretsTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class PathSecretsMongoTests() : PathSecretsTests(StoreKind.Mongo);
