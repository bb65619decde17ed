using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Server.Tests.Telemetry;

/// <summary>
/// Issue 15 item 2: logs and spans of a real send (with OTLP tracing on, as a deployment exporting traces runs) carry the
/// organisation and send ids and never the API key, an unsubscribe token or the message body — including the spans and
/// logs of a recipient opening the unsubscribe page, whose path carries the token.
/// </summary>
public sealed class TelemetrySecretsTests
{
    private const string Domain = "secrets.example";

    [Fact]
    public async Task Send_LogsAndSpans_CarryIdsButNoKeyTokenOrBody()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var ses = await FakeSes.StartAsync();
        using var server = new MassEmailServer(
            StoreKind.Sqlite,
            new Dictionary<string, string?>
            {
                ["Ses:Endpoint"] = ses.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
                ["Logging:LogLevel:Default"] = "Debug",
                // Tracing is on only with an OTLP endpoint; nothing listens there, the exporter's failures are its own.
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{FreePort.Next()}",
            },
            services => services.AddLogging(b => b.AddFakeLogging()),
            kestrel: true);
        var marker = $"BODYMARKER{Guid.NewGuid():N}";

        var org = await server.CreateOrganisationAsync("Secrets", bulkDailyLimit: 100);
        var apiKey = org.AdminKey.Secret;
        var invoker = server.Invoker(apiKey);
        using (var import = new RecipientsService.RecipientsServiceClient(invoker).ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { Enumerable.Range(0, 3).Select(i => R.Candidate($"s{i}", $"s{i}@{Domain}")) },
            });
            await import.RequestStream.CompleteAsync();
            Assert.Equal(3, (await import).Inserted);
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Secret", Subject = "Hello", HtmlBody = $"<p>{marker} {{{{ record.first_name }}}}</p>" },
        });
        var sends = new MassSendService.MassSendServiceClient(invoker);
        var send = (await sends.StartMassSendAsync(SendHelpers.Start(template.Template.Id, "secrets"))).Send;
        await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed);

        // What SES received holds the marker and the token: the test looks for things that really passed through.
        var body = System.Text.Encoding.UTF8.GetString(ses.Requests[0].Body);
        Assert.Contains(marker, body, StringComparison.Ordinal);
        var link = UnsubscribeLink(body);
        var token = link.Segments[^1];
        Assert.True(token.Length >= 16, link.ToString());
        using (var http = new HttpClient())
        {
            using var page = await http.GetAsync(new Uri(server.PublicAddress!, link.AbsolutePath));
            Assert.True(page.IsSuccessStatusCode, $"the unsubscribe page answered {(int)page.StatusCode}");
        }

        var logs = server.Services.GetFakeLogCollector().GetSnapshot();
        var logTexts = logs.Select(LogTexts.Of).ToList();
        // The test's own request to the page is a client span in this process too: it is not the server's.
        var spanTexts = spans.Where(s => !(s.Kind == ActivityKind.Client && Equals(s.GetTagItem("server.port"), server.PublicAddress!.Port)))
            .Select(SpanText).ToList();

        Assert.Contains(logs, r => r.Scopes.Any(s => s?.ToString() == $"Organisation {org.Organisation.Id}, send {send.Id}"));
        Assert.Contains(spans, s => s.OperationName == "massemail.batch" && Equals(s.GetTagItem("massemail.send_id"), send.Id));
        foreach (var secret in new[] { apiKey, token, marker })
        {
            var leaks = logTexts.Concat(spanTexts).Where(t => t.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{secret} is in:\n{string.Join("\n---\n", leaks)}");
        }
    }

    /// <summary>The https link of the List-Unsubscribe header in a SendEmail request's JSON, as SES received it.</summary>
    internal static Uri UnsubscribeLink(string sendEmailJson)
    {
        using var json = JsonDocument.Parse(sendEmailJson);
        var header = json.RootElement.GetProperty("Content").GetProperty("Simple").GetProperty("Headers").EnumerateArray()
            .Single(h => h.GetProperty("Name").GetString() == "List-Unsubscribe").GetProperty("Value").GetString()!;
        return new Uri(header.Split(", ")[0].Trim('<', '>'));
    }

    private static string SpanText(Activity span) => string.Join(
        '\n',
        [
            span.Source.Name, span.OperationName, span.DisplayName, span.StatusDescription,
            .. span.TagObjects.Select(kv => $"{kv.Key}={kv.Value}"),
            .. span.Baggage.Select(kv => $"{kv.Key}={kv.Value}"),
            .. span.Events.SelectMany(e => e.Tags.Select(kv => $"{e.Name}:{kv.Key}={kv.Value}")),
        ]);
}
