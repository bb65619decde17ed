using System.Globalization;
using System.Net;
using System.Text;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Plugins;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using MassEmail.Testing;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Telemetry;

/// <summary>
/// Issue 15 item 2: a real send through a server process, scraped by Prometheus during and after it. The documented
/// metrics move by exactly what the send did: sent, failed and skipped by reason, SES calls and their errors by type,
/// rate limiter permits, snapshot rows, pending work back to zero. The scrape route is on the internal endpoint
/// (HTTP/2) and the optional HTTP/1.1 metrics endpoint, and never on the public one. Beside it, a campaign-tool sync
/// asked to run on an instance that runs no syncs shows as its connection's backlog.
/// </summary>
public abstract class MetricsScrapeTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Valid = 120;
    private const string Domain = "metrics.example";
    private static readonly string[] Rejected = [$"r00007@{Domain}", $"r00077@{Domain}"];
    private static readonly string ThrottledOnce = $"r00011@{Domain}";

    private readonly DrillProcesses drill = new(storeKind, "metrics");
    private readonly HttpClient http = new();
    private FakeZohoCampaigns zoho = null!;

    public async Task InitializeAsync()
    {
        zoho = await FakeZohoCampaigns.StartAsync(TimeProvider.System);
        zoho.AddList(SyncRunSetup.ZohoList, "Candidates");
    }

    [SkippableFact]
    public async Task Send_ScrapedDuringAndAfter_NamedMetricsMoveByWhatTheSendDid()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var metricsAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await drill.StartAsync(
            1,
            new FakeSesOptions
            {
                // Slow enough that a scrape lands mid-send: about three seconds for the send.
                MaxSendRate = 40,
                Decide = (to, attempt) => Rejected.Contains(to) ? FakeSesReply.MessageRejected
                    : to == ThrottledOnce && attempt == 1 ? FakeSesReply.Throttle
                    : FakeSesReply.Accept,
            },
            new Dictionary<string, string>
            {
                ["Sending__BatchSize"] = "10",
                ["Sending__Concurrency"] = "4",
                ["Sending__PollInterval"] = "00:00:00.050",
                ["Telemetry__PendingSampleInterval"] = "00:00:00.100",
                ["Kestrel__Endpoints__Metrics__Url"] = metricsAddress.ToString(),
                ["Plugins__ZohoCampaigns__AccountsBaseUrl"] = zoho.BaseAddress.ToString(),
                ["Plugins__ZohoCampaigns__CampaignsBaseUrl"] = zoho.BaseAddress.ToString(),
                // A sync asked for stays in the backlog.
                ["Plugins__Syncs__Enabled"] = "false",
            });
        var server = drill.Servers[0];
        var before = await PrometheusScrape.GetAsync(http, metricsAddress, HttpVersion.Version11);

        // Beside the valid ones: records the snapshot skips, each for its reason.
        using (var import = new RecipientsService.RecipientsServiceClient(server.Invoker(drill.ApiKey)).ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records =
                {
                    Enumerable.Range(0, 3).Select(i => R.Candidate($"none{i}", "")),
                    Enumerable.Range(0, 2).Select(i => R.Candidate($"out{i}", $"out{i}@{Domain}", optOut: true)),
                },
            });
            await import.RequestStream.CompleteAsync();
            Assert.Equal(5, (await import).Inserted);
        }

        var sync = await SyncRunSetup.CreateAsync(server.Invoker(drill.ApiKey), 0, _ => false, new LocalDateTime { Year = 2099, Month = 1, Day = 1, Hour = 9 });
        await sync.Plugins.SyncNowAsync(new SyncNowRequest { Id = sync.DefinitionId });
        var connection = (await sync.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = sync.DefinitionId })).SyncDefinition.ConnectionId;
        Assert.Equal(0, before.Sum("massemail_sync_runs_due", $"connection={connection}"));

        var (sends, send) = await drill.StartSendAsync(Valid, Domain, "metrics");

        // During: part of the send out, the rest still pending.
        var during = await Progress.WaitAsync<PrometheusScrape>(
            () => PrometheusScrape.GetAsync(http, metricsAddress, HttpVersion.Version11),
            s => Sent(s) >= Valid - Rejected.Length
                ? throw new InvalidOperationException("the send finished before any scrape saw it half-way")
                : Sent(s) > 0 && s.Sum("massemail_deliveries_pending") > 0,
            s => Sent(s),
            s => $"sent {Sent(s)}, pending {s.Sum("massemail_deliveries_pending")}");
        output.WriteLine($"mid-send: sent {Sent(during)}, pending {during.Sum("massemail_deliveries_pending")}, batches {during.Sum("massemail_batches_claimable")}");
        Assert.True(during.Sum("massemail_batches_claimable") > 0);

        var final = await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed);
        Assert.Equal(Valid - Rejected.Length, final.Counts.Sent);

        // Inbound events on the public endpoint: a body that is no SNS message, and a webhook naming no connection.
        using (var sns = await http.PostAsync(new Uri(server.PublicAddress, "/u/ses/sns"), new StringContent("{\"Type\":", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sns.StatusCode);
        }

        using (var hook = await http.PostAsync(
            new Uri(server.PublicAddress, "/u/webhooks/0123456789abcdef01234567/not-the-secret"),
            new StringContent("type=unsubscribe", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, hook.StatusCode);
        }

        var after = await Progress.WaitAsync<PrometheusScrape>(
            () => PrometheusScrape.GetAsync(http, metricsAddress, HttpVersion.Version11),
            s => s.Sum("massemail_deliveries_pending") == 0 && Sent(s) == final.Counts.Sent && s.Sum("massemail_sync_runs_due", $"connection={connection}") == 1,
            s => Sent(s),
            s => $"sent {Sent(s)}, pending {s.Sum("massemail_deliveries_pending")}");

        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        var attempts = Valid + 1; // one throttled attempt before its retry
        Assert.Equal(Valid - Rejected.Length, Delta("massemail_deliveries_total", "state=sent"));
        Assert.Equal(Rejected.Length, Delta("massemail_deliveries_total", "state=failed"));
        Assert.Equal(3, Delta("massemail_deliveries_total", "state=skipped", "reason=no_email"));
        Assert.Equal(2, Delta("massemail_deliveries_total", "state=skipped", "reason=opted_out"));
        Assert.Equal(0, Delta("massemail_deliveries_total", "state=unknown"));
        Assert.Equal(Valid + 5, Delta("massemail_snapshot_rows_total"));
        Assert.Equal(attempts, Delta("massemail_rate_limiter_wait_seconds_count"));
        Assert.Equal(attempts, Delta("massemail_ses_request_duration_seconds_count", "operation=SendEmail"));
        Assert.Equal(Valid - Rejected.Length, Delta("massemail_ses_request_duration_seconds_count", "operation=SendEmail", "outcome=ok"));
        Assert.Equal(Rejected.Length, Delta("massemail_ses_errors_total", "operation=SendEmail", "type=MessageRejected"));
        Assert.Equal(1, Delta("massemail_ses_errors_total", "operation=SendEmail", "type=TooManyRequestsException"));
        Assert.Equal(Rejected.Length + 1, Delta("massemail_ses_errors_total"));
        Assert.Equal(1, Delta("massemail_inbound_events_total", "source=sns", "type=none", "outcome=malformed"));
        Assert.Equal(1, Delta("massemail_inbound_events_total", "source=unknown", "type=none", "outcome=refused"));
        Assert.Equal(2, Delta("massemail_inbound_events_total"));
        Assert.Equal(0, after.Sum("massemail_batches_claimable"));
        Assert.Equal(-1, after.Sum("massemail_ses_quota_limit"));
        Assert.True(after.Has("massemail_ses_quota_used"), after.Text);
        Assert.Equal(1, after.Sum("massemail_sync_runs_due", $"connection={connection}"));
        Assert.Equal(0, after.Sum("massemail_sync_runs_waiting", $"connection={connection}"));

        // The runtime's own meter is exported, and its counters moved with the send.
        Assert.True(Delta("dotnet_gc_heap_total_allocated_bytes_total") > 0, after.Text);
        Assert.True(Delta("dotnet_process_cpu_time_seconds_total") > 0, after.Text);
        Assert.True(after.Sum("dotnet_jit_compiled_methods_total") > 0, after.Text);
        Assert.True(after.Has("dotnet_gc_pause_time_seconds_total"), after.Text);

        // The SQLite store's write gate: the snapshot's appends and the batches' releases held it (and only SQLite has one).
        const string Held = "massemail_sqlite_write_gate_held_seconds_total";
        if (storeKind == StoreKind.Sqlite)
        {
            Assert.True(Delta(Held, "writer=SqliteDeliveryStore.AppendAsync") > 0, after.Text);
            Assert.True(Delta("massemail_sqlite_writes_total", "writer=SqliteDeliveryStore.ReleaseAsync") >= 1, after.Text);
        }
        else
        {
            Assert.DoesNotContain("massemail_sqlite_", after.Text, StringComparison.Ordinal);
        }

        // Every documented metric is there (the SQLite store's on SQLite only), with no label the docs do not name.
        foreach (var (name, (type, labels)) in Docs.MetricsTable.Load().Where(m => storeKind == StoreKind.Sqlite || !m.Key.StartsWith("massemail_sqlite_", StringComparison.Ordinal)))
        {
            var series = type == "histogram" ? $"{name}_count" : name;
            Assert.True(after.Has(series), $"{series} is not in the scrape:\n{after.Text}");
            Assert.DoesNotContain(after.LabelNames(series), l => !labels.Contains(l) && !l.StartsWith("otel_", StringComparison.Ordinal));
        }

        // The same numbers on the internal endpoint (HTTP/2 cleartext), none on the public one, nothing else on the metrics one.
        var internalScrape = await PrometheusScrape.GetAsync(http, server.Address, HttpVersion.Version20);
        Assert.Equal(after.Sum("massemail_deliveries_total"), internalScrape.Sum("massemail_deliveries_total"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(server.PublicAddress, "/metrics", HttpVersion.Version11));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(metricsAddress, "/unsubscribe/anything", HttpVersion.Version11));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(metricsAddress, "/grpc.health.v1.Health/Check", HttpVersion.Version11));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await drill.DisposeAsync();
        await zoho.DisposeAsync();
    }

    private static double Sent(PrometheusScrape scrape) => scrape.Sum("massemail_deliveries_total", "state=sent");

    private async Task<HttpStatusCode> StatusAsync(Uri address, string path, Version version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path)) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}

[Trait("Store", "Sqlite")]
public sealed class MetricsScrapeSqliteTests(ITestOutputHelper output) : MetricsScrapeTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class MetricsScrapeMongoTests(ITestOutputHelper output) : MetricsScrapeTests(StoreKind.Mongo, output);
