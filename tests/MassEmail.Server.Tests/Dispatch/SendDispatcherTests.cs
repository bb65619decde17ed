using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using MassEmail.Server.Hosting;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using IMassSendStore = MassEmail.Core.Sending.IMassSendStore;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// <see cref="SendDispatcher"/> on one batch, on a real store, with a fake clock (<see cref="FakeTimeProvider"/>) and a
/// scripted provider: back-offs wait for the clock, so a test moves it instead of sleeping, and an interrupted
/// back-off (cancellation, the account paused on another row) is caught with every row in it. The server's own send
/// worker is taken out; the test runs the snapshot and the batch itself.
/// </summary>
public abstract class SendDispatcherTests(StoreKind store)
{
    private const int Recipients = 5;
    private const string Domain = "dispatch.example";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    [SkippableFact]
    public async Task RunBatch_ThrottledOnce_RetriesWhenTheClockPassesTheBackoffAndSends()
    {
        using var world = await World.StartAsync(store, maxAttempts: 5, (_, attempt) => attempt == 1 ? Throttled() : Sent());

        var batch = world.RunBatchAsync(CancellationToken.None);
        Assert.Equal(Recipients, await world.AdvanceUntilAsync(batch));

        var rows = await world.RowsAsync();
        Assert.All(rows, d => Assert.True(d.State == DeliveryState.Sent && d.Attempts == 2, $"{d.Email} is {d.State} after {d.Attempts}: {d.Error}"));
        Assert.Equal(2 * Recipients, world.Transport.Calls);
    }

    [SkippableFact]
    public async Task RunBatch_ThrottledEveryAttempt_FailsAfterMaxAttempts()
    {
        using var world = await World.StartAsync(store, maxAttempts: 3, (_, _) => Throttled());

        await world.AdvanceUntilAsync(world.RunBatchAsync(CancellationToken.None));

        var rows = await world.RowsAsync();
        Assert.All(rows, d => Assert.True(d.State == DeliveryState.Failed && d.Error.StartsWith("gave up after 3 attempts", StringComparison.Ordinal), $"{d.Email} is {d.State}: {d.Error}"));
        Assert.Equal(3 * Recipients, world.Transport.Calls);
    }

    [SkippableFact]
    public async Task RunBatch_CancelledWhileRowsWaitOutBackoff_RowsGoBackToPending()
    {
        using var world = await World.StartAsync(store, maxAttempts: 5, (_, _) => Throttled());
        using var stop = new CancellationTokenSource();

        // The clock stands still: every row waits in its back-off (or is about to) when the stop comes.
        var batch = world.RunBatchAsync(stop.Token);
        await world.WaitAllAttemptedAsync();
        await stop.CancelAsync();
        Assert.Equal(Recipients, await batch);

        var rows = await world.RowsAsync();
        Assert.All(rows, d => Assert.True(d.State == DeliveryState.Pending, $"{d.Email} is {d.State}: {d.Error}"));
        Assert.Equal(SendState.Sending, (await world.SendAsync()).State);
    }

    [SkippableFact]
    public async Task Run_StoppedBetweenItsClaimAndItsRows_TheBatchGoesBackAtOnceUntouched()
    {
        using var world = await World.StartAsync(store, maxAttempts: 5, (_, _) => Sent());
        var (send, batch) = await world.ClaimAsync();
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        // The work loop runs a unit it claimed even when the stop came meanwhile: the run must hand the batch back.
        try
        {
            await world.Dispatcher.RunAsync(send, batch, "dispatcher-test", stopped.Token);
        }
        catch (OperationCanceledException)
        {
        }

        // Claimable again with the clock standing still (not after its lease), every row still to be sent.
        var (_, again) = await world.ClaimAsync();
        Assert.Equal(batch.Rows.Select(d => d.Id), again.Rows.Select(d => d.Id));
        Assert.Equal(0, world.Transport.Calls);
    }

    [SkippableFact]
    public async Task RunBatch_AccountPausedOnOneRowWhileOthersWaitOutBackoff_SendPausedAndEveryRowPending()
    {
        var first = $"p0@{Domain}";
        using var world = await World.StartAsync(store, maxAttempts: 20, (to, attempt) =>
            to == first && attempt > 1 ? new SendResult(SendStatus.AccountPaused, null, "the account is paused (scripted)") : Throttled());

        var batch = world.RunBatchAsync(CancellationToken.None);
        await world.WaitAllAttemptedAsync();
        await world.AdvanceUntilAsync(batch);

        var send = await world.SendAsync();
        Assert.Equal(SendState.Paused, send.State);
        Assert.Equal("the account is paused (scripted)", send.PauseReason);
        var rows = await world.RowsAsync();
        Assert.All(rows, d => Assert.True(d.State == DeliveryState.Pending, $"{d.Email} is {d.State}: {d.Error}"));
    }

    [SkippableFact]
    public async Task RunBatch_ADeliveryThrows_TheSendSaysWhyUntilItsNextBatchIsSent()
    {
        var calls = 0;
        using var world = await World.StartAsync(
            store, maxAttempts: 5, (_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("provider bug (scripted)") : Sent(), batchSize: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => world.RunBatchAsync(CancellationToken.None));
        Assert.Equal("provider bug (scripted)", error.Message);
        var send = await world.SendAsync();
        Assert.Equal(SendState.Sending, send.State);
        Assert.Equal("Sending a batch failed at 2026-12-04 09:00:00 UTC; its unsent rows are tried again within 60 s: provider bug (scripted)", send.BatchError);
        Assert.Single(await world.RowsAsync(), d => d.State == DeliveryState.Unknown);

        // The next batch is sent: the reason goes, while the send still has a batch to send.
        Assert.Equal(2, await world.RunBatchAsync(CancellationToken.None));
        send = await world.SendAsync();
        Assert.Equal("", send.BatchError);
        Assert.Equal(SendState.Sending, send.State);
    }

    [SkippableFact]
    public async Task RunBatch_ItsOnlyBatchFailedThenNothingLeft_TheSendCompletesWithoutTheReason()
    {
        var calls = 0;
        using var world = await World.StartAsync(
            store, maxAttempts: 5, (_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("provider bug (scripted)") : Sent());

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.RunBatchAsync(CancellationToken.None));
        Assert.NotEqual("", (await world.SendAsync()).BatchError);

        Assert.Equal(0, await world.RunBatchAsync(CancellationToken.None));
        var send = await world.SendAsync();
        Assert.Equal(SendState.Completed, send.State);
        Assert.Equal("", send.BatchError);
    }

    [SkippableFact]
    public async Task RunBatch_TheStoreFailsACheckpoint_TheSendSaysWhyAndTheBatchIsSentOnceItsLeaseEnds()
    {
        using var world = await World.StartAsync(store, maxAttempts: 5, (_, _) => Sent());
        world.Deliveries.CheckpointFailure = new InvalidOperationException("disk I/O error (scripted)");

        // The first checkpoint would raise the in-flight mark: it fails before any call starts, the batch stays claimed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.RunBatchAsync(CancellationToken.None));
        Assert.Equal(0, world.Transport.Calls);
        var send = await world.SendAsync();
        Assert.Equal(SendState.Sending, send.State);
        Assert.Equal("Sending a batch failed at 2026-12-04 09:00:00 UTC; its unsent rows are tried again within 60 s: disk I/O error (scripted)", send.BatchError);
        Assert.Equal(0, await world.RunBatchAsync(CancellationToken.None));

        // Once its lease ends the batch is claimable again, none of its rows UNKNOWN (no call had started), and it is sent.
        world.Deliveries.CheckpointFailure = null;
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, await world.Deliveries.ExpireLeasesAsync(world.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(Recipients, await world.AdvanceUntilAsync(world.RunBatchAsync(CancellationToken.None)));
        send = await world.SendAsync();
        Assert.Equal("", send.BatchError);
        Assert.All(await world.RowsAsync(), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    private static SendResult Sent() => SendResult.Sent($"m-{Guid.NewGuid():N}");

    private static SendResult Throttled() => new(SendStatus.Throttled, null, "Maximum sending rate exceeded (scripted)");

    private sealed class World(MassEmailServer server, FakeTimeProvider clock, ScriptedTransport transport, SendHelpers.Setup setup, string sendId) : IDisposable
    {
        public ScriptedTransport Transport => transport;

        public FakeTimeProvider Clock => clock;

        /// <summary>The server's delivery store, its appends let through: a test makes its checkpoints fail.</summary>
        public GatedDeliveryStore Deliveries => (GatedDeliveryStore)server.Services.GetRequiredService<Core.Sending.IDeliveryStore>();

        public static async Task<World> StartAsync(StoreKind store, int maxAttempts, Func<string, int, SendResult> answer, int batchSize = Recipients)
        {
            var reason = MassEmailServer.UnavailableReason(store);
            Skip.If(reason is not null, reason);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
            var transport = new ScriptedTransport(answer);
            var settings = new Dictionary<string, string?>
            {
                ["Sending:BatchSize"] = $"{batchSize}",
                ["Sending:Concurrency"] = $"{Recipients}",
                ["Sending:MaxAttempts"] = $"{maxAttempts}",
            };
            var server = new MassEmailServer(store, settings, services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                transport.Register(services);
                GatedDeliveryStore.Register(services);
                EngineOff.Apply(services);
            });
            ((GatedDeliveryStore)server.Services.GetRequiredService<Core.Sending.IDeliveryStore>()).Open();
            var setup = await SendHelpers.SeedAsync(server, "Dispatch", Domain, Recipients);
            var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "dispatch"))).Send;
            await server.Services.GetRequiredService<MassSendWorker>().RunSnapshotsOnceAsync(CancellationToken.None);
            return new World(server, clock, transport, setup, send.Id);
        }

        public SendDispatcher Dispatcher => server.Services.GetRequiredService<SendDispatcher>();

        /// <summary>Claims the send's next batch as the worker does; fails when there is none.</summary>
        public async Task<(Core.Sending.MassSend Send, Core.Sending.DeliveryBatch Batch)> ClaimAsync()
        {
            var send = await server.Services.GetRequiredService<IMassSendStore>().GetAsync(setup.OrgId, sendId, CancellationToken.None);
            var batch = await Dispatcher.ClaimAsync(send!, "dispatcher-test", CancellationToken.None);
            Assert.NotNull(batch);
            return (send!, batch);
        }

        /// <summary>One batch of the send, as the worker runs it.</summary>
        public async Task<int> RunBatchAsync(CancellationToken ct)
        {
            var send = await server.Services.GetRequiredService<IMassSendStore>().GetAsync(setup.OrgId, sendId, CancellationToken.None);
            Assert.True(send is { State: Core.Sending.SendState.Sending, SnapshotComplete: true }, $"the send is not ready to send: {send?.State}");
            return await server.Services.GetRequiredService<SendDispatcher>().RunBatchAsync(send!, "dispatcher-test", ct);
        }

        /// <summary>Moves the clock on in small steps until <paramref name="batch"/> has finished; fails when the provider sees no more attempts.</summary>
        public Task<int> AdvanceUntilAsync(Task<int> batch) =>
            Progress.WaitAsync(
                async () =>
                {
                    if (!batch.IsCompleted)
                    {
                        clock.Advance(Step);
                    }

                    return batch.IsCompleted ? await batch : -1;
                },
                claimed => claimed >= 0,
                _ => transport.Calls,
                _ => $"the batch has not finished; the provider saw {transport.Calls} attempts");

        /// <summary>Waits (without moving the clock) until every row had its first attempt.</summary>
        public Task WaitAllAttemptedAsync() =>
            Progress.WaitAsync(() => transport.Recipients, n => n == Recipients, n => n, n => $"{n} of {Recipients} rows attempted");

        public async Task<MassSend> SendAsync() => (await setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = sendId })).Send;

        public async Task<List<Delivery>> RowsAsync()
        {
            var rows = await DrillSteps.ReadAllDeliveriesAsync(setup.Sends, sendId);
            Assert.Equal(Recipients, rows.Count);
            return rows;
        }

        public void Dispose() => server.Dispose();
    }
}

[Trait("Store", "Sqlite")]
public sealed class SendDispatcherSqliteTests() : SendDispatcherTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SendDispatcherMongoTests() : SendDispatcherTests(StoreKind.Mongo);
