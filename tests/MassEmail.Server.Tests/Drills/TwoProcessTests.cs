using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Scale-out (issue 4): two server processes on one store share one send. Each process talks to
/// its own fake SES, so the two logs show that both delivered part of the send, and together they
/// show that no recipient got two messages.
/// </summary>
public abstract class TwoProcessTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Recipients = 3000;
    private const string Domain = "two.example";
    private readonly DrillProcesses drill = new(storeKind, "two-process");

    public Task InitializeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task MassSend_TwoServerProcessesOnOneStore_ShareTheWorkWithoutDuplicates()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        await drill.StartAsync(
            2,
            new FakeSesOptions { MaxSendRate = 400, MinAcceptDelay = TimeSpan.FromMilliseconds(2), MaxAcceptDelay = TimeSpan.FromMilliseconds(6) },
            new Dictionary<string, string>
            {
                ["Sending__BatchSize"] = "25",
                // Each process also works on two batches at once: four claim holders race for one send.
                ["Sending__BatchesInFlight"] = "2",
                ["Sending__Concurrency"] = "4",
                ["Sending__PollInterval"] = "00:00:00.050",
                ["Sending__LeaseDuration"] = "00:00:30",
                ["Sending__MaxAttempts"] = 5.ToString(CultureInfo.InvariantCulture),
            });
        var (_, send) = await drill.StartSendAsync(Recipients, Domain, "two-process");

        // Watch through the other process: progress is the store's, whichever process asks.
        var other = new MassSendService.MassSendServiceClient(drill.Servers[1].Invoker(drill.ApiKey));
        var final = await SendHelpers.WaitAsync(other, send.Id, s => s.State == SendState.Completed);
        await drill.WaitIdleAsync();

        var logs = drill.Fakes.Select(f => f.Delivered).ToList();
        output.WriteLine($"process A delivered {logs[0].Count}, process B delivered {logs[1].Count}; final {final.Counts}");
        var all = logs.SelectMany(l => l).ToList();
        Assert.Equal(Recipients, final.Counts.Sent);
        Assert.Equal(Recipients, all.Count);
        Assert.Equal(Recipients, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(logs, log => Assert.NotEmpty(log));
    }

    public async Task DisposeAsync() => await drill.DisposeAsync();
}

[Trait("Store", "Sqlite")]
public sealed class TwoProcessSqliteTests(ITestOutputHelper output) : TwoProcessTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class TwoProcessMongoTests(ITestOutputHelper output) : TwoProcessTests(StoreKind.Mongo, output);
