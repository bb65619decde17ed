using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// Issue 10 item 6: the engine is fair across sends and organisations. While one organisation's large send runs (rate
/// limited, so it lasts), another organisation's 10-recipient send starts and completes: sends take turns batch by
/// batch (<see cref="SendRotation"/>) instead of one being drained first. The real server and store, with its own
/// engine running; an in-process provider that reports a low rate. Waits for progress only.
/// </summary>
public abstract class FairnessTests(StoreKind store, ITestOutputHelper output)
{
    private const int Large = 1000;
    private const int Small = 10;
    private const int BatchSize = 10;

    [SkippableFact]
    public async Task SmallSendOfAnotherOrganisation_StartedWhileALargeSendRuns_CompletesWhileTheLargeOneStillHasPendingRows()
    {
        using var server = StartServer("Sending:BatchSize", $"{BatchSize}");
        var large = await SendHelpers.SeedAsync(server, "Large", "large.example", Large);
        var small = await SendHelpers.SeedAsync(server, "Small", "small.example", Small);

        var largeId = (await large.Sends.StartMassSendAsync(SendHelpers.Start(large.TemplateId, "large"))).Send.Id;
        var before = await SendHelpers.WaitAsync(large.Sends, largeId, s => s.Counts.Sent >= 2 * BatchSize);
        var smallId = (await small.Sends.StartMassSendAsync(SendHelpers.Start(small.TemplateId, "small"))).Send.Id;
        var done = await SendHelpers.WaitAsync(small.Sends, smallId, s => s.State == SendState.Completed);
        var after = (await large.Sends.GetMassSendAsync(new GetMassSendRequest { Id = largeId })).Send;

        output.WriteLine($"the large send sent {before.Counts.Sent} before the small one started and {after.Counts.Sent} when it had completed");
        Assert.Equal(Small, done.Counts.Sent);
        Assert.True(after.State == SendState.Sending && after.Counts.Pending > 0, $"the large send is {after.State} with counts {after.Counts}");
    }

    /// <summary>
    /// With the shipped batch size the large send is one batch, and with one lane nothing else could run until it
    /// drained (25 s at this rate); the lane hands the batch back after each <c>Sending:BatchTurn</c>, so the small send
    /// goes out in between.
    /// </summary>
    [SkippableFact]
    public async Task OneLaneAndTheShippedBatchSize_TheLargeSendsBatchHandsOverAfterItsTurn_AndTheSmallSendCompletes()
    {
        using var server = StartServer("Sending:BatchesInFlight", "1");
        var large = await SendHelpers.SeedAsync(server, "Large", "large.example", Large);
        var small = await SendHelpers.SeedAsync(server, "Small", "small.example", Small);

        var largeId = (await large.Sends.StartMassSendAsync(SendHelpers.Start(large.TemplateId, "large"))).Send.Id;
        await SendHelpers.WaitAsync(large.Sends, largeId, s => s.Counts.Sent >= 1);
        var smallId = (await small.Sends.StartMassSendAsync(SendHelpers.Start(small.TemplateId, "small"))).Send.Id;
        var done = await SendHelpers.WaitAsync(small.Sends, smallId, s => s.State == SendState.Completed);
        var after = (await large.Sends.GetMassSendAsync(new GetMassSendRequest { Id = largeId })).Send;

        output.WriteLine($"the large send (one batch of {Large}) had sent {after.Counts.Sent} when the small one completed");
        Assert.Equal(Small, done.Counts.Sent);
        Assert.True(after.State == SendState.Sending && after.Counts.Pending + after.Counts.Claimed > 0, $"the large send is {after.State} with counts {after.Counts}");
    }

    /// <summary>The real server on the store with an in-process provider that reports 40 messages a second, and one setting.</summary>
    private MassEmailServer StartServer(string setting, string value) =>
        ScriptedTransport.StartAccepting(store, new Dictionary<string, string?> { [setting] = value }, maxSendRate: 40);
}

[Trait("Store", "Sqlite")]
public sealed class FairnessSqliteTests(ITestOutputHelper output) : FairnessTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class FairnessMongoTests(ITestOutputHelper output) : FairnessTests(StoreKind.Mongo, output);
