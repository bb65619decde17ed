using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// No recipient is lost when a retry's back-off is interrupted (issue 10, item 1): the server process (real, over
/// HTTP to the fake SES) is stopped gracefully while every row of the batch waits out a throttling back-off, or the
/// fake answers one row that the account is paused or suspended while the others wait. The interrupted rows go back
/// to PENDING, and after the restart or the resume every recipient gets exactly one message.
/// </summary>
public abstract class InterruptedBackoffTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    // One batch, every row in flight at once: each is in its back-off when the interruption comes.
    private const int Recipients = 10;
    private const string Domain = "backoff.example";
    private readonly DrillProcesses drill = new(storeKind, "interrupted-backoff");
    private bool accept;
    private bool pause;

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Shutdown_WhileRowsWaitOutBackoff_RowsStayUnsentAndAreSentOnceAfterRestart()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var fake = await StartAsync((_, _) => Volatile.Read(ref accept) ? FakeSesReply.Accept : FakeSesReply.Throttle);
        var (_, send) = await drill.StartSendAsync(Recipients, Domain, "interrupted-backoff-shutdown");
        await WaitEveryRowThrottledAsync(fake);

        await drill.Servers[0].StopAsync();
        output.WriteLine($"stopped after {fake.Requests.Count} throttled requests");
        await drill.Servers[0].StartAsync();
        var sends = new MassSendService.MassSendServiceClient(drill.Servers[0].Invoker(drill.ApiKey));

        // The restarted process may have claimed them again (the fake still throttles), but none has an outcome.
        var rows = await DrillSteps.ReadAllDeliveriesAsync(sends, send.Id);
        Assert.Equal(Recipients, rows.Count);
        Assert.All(rows, d => Assert.True(d.State is DeliveryState.Pending or DeliveryState.Claimed, $"{d.Email} is {d.State}: {d.Error}"));

        Volatile.Write(ref accept, true);
        await AssertEveryRecipientSentOnceAsync(fake, sends, send.Id);
    }

    [SkippableTheory]
    [InlineData(FakeSesReply.SendingPaused, "sending is paused for the SES account")]
    [InlineData(FakeSesReply.AccountSuspended, "the SES account is suspended")]
    public async Task AccountAnswer_WhileOtherRowsWaitOutBackoff_SendPausedRowsPendingAndSentOnceAfterResume(FakeSesReply answer, string reason)
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var first = $"r00000@{Domain}";
        var fake = await StartAsync((to, _) =>
            Volatile.Read(ref accept) ? FakeSesReply.Accept
            : Volatile.Read(ref pause) && to == first ? answer
            : FakeSesReply.Throttle);
        var (sends, send) = await drill.StartSendAsync(Recipients, Domain, $"interrupted-backoff-{answer}");
        await WaitEveryRowThrottledAsync(fake);

        // The first row's next retry gets the account answer while the other rows wait out their back-off.
        Volatile.Write(ref pause, true);
        var paused = await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Paused, () => $"fake got {fake.Requests.Count} requests");
        output.WriteLine($"paused: {paused.PauseReason}; {paused.Counts}");
        Assert.Contains(reason, paused.PauseReason, StringComparison.Ordinal);
        Assert.Contains(fake.Requests, r => r.Reply == answer);

        var rows = await Progress.WaitAsync(
            () => DrillSteps.ReadAllDeliveriesAsync(sends, send.Id),
            all => all.All(d => d.State != DeliveryState.Claimed),
            all => all.Count(d => d.State == DeliveryState.Claimed),
            all => $"rows still claimed while the send is paused: {all.Count(d => d.State == DeliveryState.Claimed)}");
        Assert.All(rows, d => Assert.True(d.State == DeliveryState.Pending, $"{d.Email} is {d.State}: {d.Error}"));
        Assert.Empty(fake.Delivered);

        Volatile.Write(ref accept, true);
        await sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = send.Id });
        await AssertEveryRecipientSentOnceAsync(fake, sends, send.Id);
    }

    public async Task DisposeAsync() => await drill.DisposeAsync();

    private async Task<FakeSes> StartAsync(Func<string, int, FakeSesReply> decide)
    {
        await drill.StartAsync(1, new FakeSesOptions { MaxSendRate = 200, Decide = decide }, new Dictionary<string, string>
        {
            ["Sending__BatchSize"] = $"{Recipients}",
            ["Sending__Concurrency"] = $"{Recipients}",
            // One lane, so that its window (a tenth of a second at the fake's rate, at most Concurrency) holds every row.
            ["Sending__BatchesInFlight"] = "1",
            // The most retries allowed (a row gives up after about 45 s of back-off): only the interruption ends them here.
            ["Sending__MaxAttempts"] = "20",
            ["Sending__PollInterval"] = "00:00:00.050",
            ["Sending__LeaseDuration"] = "00:01:00",
        });
        return drill.Fakes[0];
    }

    // Every row got a 429 at least once: each is now in its back-off (or back at the rate limiter for the next attempt).
    private static Task WaitEveryRowThrottledAsync(FakeSes fake) =>
        Progress.WaitAsync(
            () => fake.Requests.Where(r => r.Reply == FakeSesReply.Throttle).Select(r => r.To).Distinct(StringComparer.Ordinal).Count(),
            throttled => throttled == Recipients,
            throttled => throttled,
            throttled => $"{throttled} of {Recipients} rows were throttled");

    private async Task AssertEveryRecipientSentOnceAsync(FakeSes fake, MassSendService.MassSendServiceClient sends, string sendId)
    {
        var final = await SendHelpers.WaitAsync(sends, sendId, s => s.State == SendState.Completed, () => $"fake delivered {fake.Delivered.Count}");
        await drill.WaitIdleAsync();
        output.WriteLine($"final: {final.Counts}; fake: {fake.Requests.Count} requests, {fake.Delivered.Count} delivered");
        Assert.Equal(Recipients, final.Counts.Sent);
        Assert.Equal(0, final.Counts.Failed);
        Assert.Equal(Enumerable.Range(0, Recipients).Select(i => $"r{i:D5}@{Domain}"), fake.Delivered.Order(StringComparer.Ordinal));
    }
}

[Trait("Store", "Sqlite")]
public sealed class InterruptedBackoffSqliteTests(ITestOutputHelper output) : InterruptedBackoffTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class InterruptedBackoffMongoTests(ITestOutputHelper output) : InterruptedBackoffTests(StoreKind.Mongo, output);
