using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// The engine's lanes wake when this instance stores work for them (<see cref="MassSendSignals"/>) instead of at their
/// next poll: with <c>Sending:PollInterval</c> at its largest, a minute, a send started, and a send paused and resumed,
/// are sent to the end while no step of theirs waits <see cref="Quiet"/> (a lane asleep for its poll interval would
/// leave the send unchanged for a minute). The real server and store.
/// </summary>
public abstract class WakeTests(StoreKind store, ITestOutputHelper output)
{
    private const string OneMinute = "00:01:00";

    /// <summary>The longest the send may stay unchanged: far longer than any step on a busy machine, far shorter than a poll.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task StartMassSend_LanesIdleForAMinute_TheSendIsSnapshotAndSentAtOnce()
    {
        using var server = StartServer(maxSendRate: 1000);
        var setup = await SendHelpers.SeedAsync(server, "Wake", "wake.example", 10);

        var id = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "wake"))).Send.Id;
        var done = await SendHelpers.WaitAsync(setup.Sends, id, s => s.State == SendState.Completed, stall: Quiet);

        Assert.Equal(10, done.Counts.Sent);
    }

    [SkippableFact]
    public async Task ResumeMassSend_LanesIdleForAMinute_TheRestIsSentAtOnce()
    {
        using var server = StartServer(maxSendRate: 20);
        var setup = await SendHelpers.SeedAsync(server, "Wake", "wake.example", 200);
        var id = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "wake"))).Send.Id;
        await SendHelpers.WaitAsync(setup.Sends, id, s => s.Counts.Sent >= 1);

        await setup.Sends.PauseMassSendAsync(new PauseMassSendRequest { Id = id });
        // Paused: the lanes hand their batches back and, finding nothing to claim, wait out their poll interval.
        var paused = await SendHelpers.WaitAsync(setup.Sends, id, s => s.State == SendState.Paused && s.Counts.Claimed == 0, stall: Quiet);
        await setup.Sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = id });
        var done = await SendHelpers.WaitAsync(setup.Sends, id, s => s.State == SendState.Completed, stall: Quiet);

        output.WriteLine($"{paused.Counts.Sent} sent before the pause, {done.Counts.Sent} in all");
        Assert.True(paused.Counts.Sent < 200, $"the pause came after the last row ({paused.Counts})");
        Assert.Equal(200, done.Counts.Sent);
    }

    /// <summary>The real server on the store with an in-process provider at <paramref name="maxSendRate"/>, polling every minute.</summary>
    private MassEmailServer StartServer(int maxSendRate) =>
        ScriptedTransport.StartAccepting(store, new Dictionary<string, string?> { ["Sending:PollInterval"] = OneMinute }, maxSendRate);
}

[Trait("Store", "Sqlite")]
public sealed class WakeSqliteTests(ITestOutputHelper output) : WakeTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class WakeMongoTests(ITestOutputHelper output) : WakeTests(StoreKind.Mongo, output);
