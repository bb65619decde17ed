using System.Diagnostics;
using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// One rate limit per SES account (issue 10 item 4): server processes on one store that send through one
/// account never together exceed its MaxSendRate in any sliding one-second window. Each process talks to its
/// own fake SES (all reporting the account's MaxSendRate), and the fakes' logs, merged on this process's
/// clock, are what the account received: the invariant is asserted on them, not on any timing total.
/// </summary>
public abstract class SharedRateTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxSendRate = 100;
    private const string Domain = "rate.example";
    private readonly DrillProcesses drill = new(storeKind, "shared-rate");

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task MassSend_ProcessesSharingStoreAndAccount_NeverExceedMaxSendRateInAnyOneSecondWindow(int processes)
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var recipients = 600 * processes;
        var (sends, send) = await StartAsync(processes, recipients);

        var final = await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed, Diagnostics);
        await drill.WaitIdleAsync();

        var perProcess = drill.Fakes.Select(f => f.Delivered).ToList();
        output.WriteLine($"final {final.Counts}; delivered per process: {string.Join(", ", perProcess.Select(l => l.Count))}");
        AssertNeverAboveRate();
        Assert.Equal(recipients, final.Counts.Sent);
        var all = perProcess.SelectMany(l => l).ToList();
        Assert.Equal(recipients, all.Count);
        Assert.Equal(recipients, all.Distinct(StringComparer.Ordinal).Count());
        // Every process really sent: the limit was shared, not won by one process alone.
        Assert.All(perProcess, log => Assert.NotEmpty(log));
    }

    [SkippableFact]
    public async Task MassSend_OneOfThreeProcessesKilledWhileHoldingItsShare_OthersNeverExceedMaxSendRate()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        const int Recipients = 1500;
        var (sends, send) = await StartAsync(3, Recipients);

        // Kill the last process while all three send: its entry in the store still holds a share.
        await Progress.WaitAsync(
            () => drill.Fakes[2].Requests.Count,
            n => n >= 60,
            n => n,
            n => $"process 3 sent {n} requests so far; {Diagnostics()}");
        drill.Servers[2].Kill();
        var killedAt = Stopwatch.GetTimestamp();

        var final = await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed, Diagnostics);
        await drill.WaitIdleAsync();

        var survivors = drill.Fakes.Take(2).SelectMany(f => f.Requests).Count(r => r.Timestamp > killedAt);
        output.WriteLine($"final {final.Counts}; after the kill the survivors sent {survivors} requests");
        AssertNeverAboveRate();
        // A killed worker's claimed rows may turn UNKNOWN (never re-sent): together with SENT they are everyone.
        Assert.Equal(Recipients, final.Counts.Sent + final.Counts.Unknown);
        Assert.Equal(0, final.Counts.Failed);
        var delivered = drill.Fakes.SelectMany(f => f.Delivered).ToList();
        Assert.Equal(delivered.Count, delivered.Distinct(StringComparer.Ordinal).Count());
        Assert.True(survivors > 0, "the survivors sent nothing after the kill");
    }

    public async Task DisposeAsync() => await drill.DisposeAsync();

    /// <summary>Starts the processes (each with its own fake SES of the one account), seeds the recipients and starts one send.</summary>
    private async Task<(MassSendService.MassSendServiceClient Sends, MassSend Send)> StartAsync(int count, int recipients)
    {
        await drill.StartAsync(
            count,
            new FakeSesOptions { MaxSendRate = MaxSendRate, MinAcceptDelay = TimeSpan.FromMilliseconds(2), MaxAcceptDelay = TimeSpan.FromMilliseconds(6) },
            new Dictionary<string, string>
            {
                ["Sending__BatchSize"] = "25",
                ["Sending__BatchesInFlight"] = "2",
                ["Sending__Concurrency"] = "4",
                ["Sending__PollInterval"] = "00:00:00.050",
                // Short, so that the killed process's claimed rows are released within seconds.
                ["Sending__LeaseDuration"] = "00:00:05",
            });
        return await drill.StartSendAsync(recipients, Domain, "shared-rate");
    }

    /// <summary>The invariant: in every window of one second, sliding over all requests the account received, at most MaxSendRate.</summary>
    private void AssertNeverAboveRate()
    {
        var arrivals = drill.Fakes.SelectMany(f => f.Requests).Select(r => r.Timestamp).Order().ToArray();
        var (most, at) = SlidingWindow.Busiest(arrivals, Stopwatch.Frequency);
        var seconds = (arrivals[^1] - arrivals[0]) / (double)Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{arrivals.Length} requests in {seconds:F1} s ({arrivals.Length / seconds:F0}/s); most in any 1 s window: {most} (MaxSendRate {MaxSendRate})"));
        var (from, to) = (arrivals[at], arrivals[at] + Stopwatch.Frequency);
        output.WriteLine("in that window, per process: " + string.Join(", ", drill.Fakes.Select(f => f.Requests.Count(r => r.Timestamp >= from && r.Timestamp < to))));
        output.WriteLine("each process's own busiest second: " + string.Join(", ", drill.Fakes.Select(f =>
            SlidingWindow.Busiest([.. f.Requests.Select(r => r.Timestamp).Order()], Stopwatch.Frequency).Count)));
        Assert.True(most <= MaxSendRate, string.Create(CultureInfo.InvariantCulture,
            $"{most} requests within one second starting {(arrivals[at] - arrivals[0]) / (double)Stopwatch.Frequency:F3} s into the send, above MaxSendRate {MaxSendRate}"));
    }

    private string Diagnostics() => "requests per process: " + string.Join(", ", drill.Fakes.Select(f => f.Requests.Count));
}

[Trait("Store", "Sqlite")]
public sealed class SharedRateSqliteTests(ITestOutputHelper output) : SharedRateTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class SharedRateMongoTests(ITestOutputHelper output) : SharedRateTests(StoreKind.Mongo, output);
