using System.Diagnostics;
using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Fault drill (issue 4): a 2,000-recipient send through a fake SES that, deterministically per
/// recipient, throttles 10 % of first attempts (429 TooManyRequestsException), fails 2 % of first
/// attempts with 500, and never answers 1 % in time (it answers 200 after the client's timeout: SES
/// may have sent those). Everything not timed out is delivered exactly once, the timed-out ones are
/// UNKNOWN and never retried, and the shared rate limiter lowers its rate when throttled.
/// </summary>
public abstract class FaultDrillTests(StoreKind store, ITestOutputHelper output)
{
    private const int Recipients = 2000;
    private const int MaxSendRate = 500;
    private const string Domain = "fault.example";

    [SkippableFact]
    public async Task MassSend_ThrottlingServerErrorsAndTimeouts_EachDeliveredOnceTimeoutsUnknownLimiterSlows()
    {
        DrillStore.SkipIfUnavailable(store);
        await using var ses = await FakeSes.StartAsync(new FakeSesOptions { MaxSendRate = MaxSendRate, Decide = Reply });
        using var server = new MassEmailServer(store, new Dictionary<string, string?>
        {
            ["Ses:Endpoint"] = ses.BaseAddress.ToString(),
            // Below the fake's late answer (3 s), yet long enough that a busy machine does not time out
            // the first GetAccount (the limiter would then run at the default rate).
            ["Ses:Timeout"] = "00:00:02",
            ["Sending:MaxAttempts"] = "8",
            ["Sending:PollInterval"] = "00:00:00.050",
            ["Sending:BatchSize"] = "50",
            ["Sending:Concurrency"] = "8",
        });
        var limiter = await server.Services.GetRequiredService<TransportLimiter>().GetAsync(CancellationToken.None);
        Assert.Equal(MaxSendRate, limiter.CurrentRate);
        Assert.Equal(0, limiter.Slowdowns);

        var setup = await SendHelpers.SeedAsync(server, "Fault Org", Domain, Recipients);
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "fault-drill"))).Send;
        var final = await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.State == SendState.Completed,
            () => $"limiter at {limiter.CurrentRate}/s, fake got {ses.Requests.Count} requests; {RequestsPerSecond(ses.Requests)}");
        await ses.WaitIdleAsync();
        var deliveries = (await DrillSteps.ReadAllDeliveriesAsync(setup.Sends, send.Id)).ToDictionary(d => d.Email, StringComparer.Ordinal);
        var requests = ses.Requests;
        var answered200 = ses.Delivered.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var replies = requests.GroupBy(r => r.Reply).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"final: {final.Counts}");
        output.WriteLine($"fake replies: {string.Join(", ", replies.Select(kv => $"{kv.Key}={kv.Value}"))}; 200-logged {answered200.Values.Sum()}");
        output.WriteLine($"limiter: configured {MaxSendRate}/s, {limiter.Slowdowns} slow-downs, lowest {limiter.LowestRate}/s, now {limiter.CurrentRate}/s");
        output.WriteLine(RequestsPerSecond(requests));

        // The faults really happened, once per planned recipient.
        var timeouts = Enumerable.Range(0, Recipients).Where(i => FirstReply(i) == FakeSesReply.AcceptLate).Select(Address).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Recipients / 10, replies.GetValueOrDefault(FakeSesReply.Throttle));
        Assert.Equal(Recipients / 50, replies.GetValueOrDefault(FakeSesReply.ServerError));
        Assert.Equal(timeouts.Count, replies.GetValueOrDefault(FakeSesReply.AcceptLate));

        Assert.Equal(SendState.Completed, final.State);
        Assert.Equal(Recipients, deliveries.Count);
        foreach (var address in Enumerable.Range(0, Recipients).Select(Address))
        {
            var delivery = deliveries[address];
            if (timeouts.Contains(address))
            {
                Assert.True(delivery.State == DeliveryState.Unknown, $"{address} timed out but is {delivery.State}");
                Assert.True(requests.Count(r => r.To == address) == 1, $"{address} timed out and was sent again");
            }
            else
            {
                Assert.True(delivery.State == DeliveryState.Sent, $"{address} is {delivery.State}: {delivery.Error}");
                Assert.True(answered200.GetValueOrDefault(address) == 1, $"{address} got {answered200.GetValueOrDefault(address)} 200 answers");
            }
        }

        var twice = answered200.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        Assert.True(twice.Count == 0, $"two 200 answers for {string.Join(", ", twice)}");

        // Read from the limiter itself: request timestamps cannot show it, since the first 429 comes in the
        // first batch (no unthrottled baseline) and batches waiting on back-offs and timeouts run below 500/s anyway.
        Assert.True(limiter.Slowdowns > 0, $"the limiter never slowed down although the fake answered {replies.GetValueOrDefault(FakeSesReply.Throttle)} × 429");
        Assert.True(limiter.LowestRate < MaxSendRate, $"the limiter's lowest rate was {limiter.LowestRate}/s, the configured rate");
    }

    private static string Address(int i) => $"p{i}@{Domain}";

    /// <summary>The fault plan: 1 % never answered in time, 2 % one 500, 10 % one 429, disjoint.</summary>
    private static FakeSesReply FirstReply(int i) =>
        i % 100 == 0 ? FakeSesReply.AcceptLate
        : i % 50 == 1 ? FakeSesReply.ServerError
        : i % 10 == 3 ? FakeSesReply.Throttle
        : FakeSesReply.Accept;

    private static FakeSesReply Reply(string to, int attempt)
    {
        var first = FirstReply(int.Parse(to.AsSpan(1, to.IndexOf('@', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture));
        return attempt == 1 || first == FakeSesReply.AcceptLate ? first : FakeSesReply.Accept;
    }

    /// <summary>Requests (and 429s) the fake received in each second since the first request, for the log.</summary>
    private static string RequestsPerSecond(IReadOnlyList<FakeSesRequest> requests)
    {
        if (requests.Count == 0)
        {
            return "no requests";
        }

        var start = requests.Min(r => r.Timestamp);
        var seconds = requests.GroupBy(r => (r.Timestamp - start) / Stopwatch.Frequency).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}s:{g.Count()}({g.Count(r => r.Reply == FakeSesReply.Throttle)}×429)");
        return "requests per second: " + string.Join(" ", seconds);
    }
}

[Trait("Store", "Sqlite")]
public sealed class FaultDrillSqliteTests(ITestOutputHelper output) : FaultDrillTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class FaultDrillMongoTests(ITestOutputHelper output) : FaultDrillTests(StoreKind.Mongo, output);
