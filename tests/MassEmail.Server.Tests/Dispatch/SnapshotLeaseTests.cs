using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// <see cref="SnapshotRunner"/> keeps its lease while one append outlasts it (a slow MongoDB write under load): the
/// lease is renewed on a timer, so no other worker takes the snapshot over. Real store, fake clock, the append held
/// at a gate while the clock moves on three leases; the server's own worker is taken out. A snapshot whose appends fail
/// (a full disk) keeps its lease too, and says why on the send until a retry after the lease gets on. A send paused
/// while its snapshot is written gets the whole snapshot and stays paused; one taken over before its finish gives the
/// audience's shrinkage back once, not once per worker, and one taken over after the audience grew reserves the growth
/// once: the day's counter holds the send's reservation whichever worker wrote what.
/// </summary>
public abstract class SnapshotLeaseTests(StoreKind store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [SkippableFact]
    public async Task Snapshot_AppendOutlastsTheLease_LeaseKeptAndNoTakeOver()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), out var clock);
        var (setup, sendId, gated, snapshot) = await StartHeldAsync(server, "lease", "slow");
        var sends = server.Services.GetRequiredService<IMassSendStore>();

        // Moves the clock in small steps, but only while the lease has more than half left: the keeper renews at a
        // third, so a slow machine delays the test, never lets the lease run out.
        var end = clock.GetUtcNow() + 3 * Lease;
        var held = await Progress.WaitAsync(
            async () =>
            {
                var send = (await sends.GetAsync(setup.OrgId, sendId, CancellationToken.None))!;
                if (send.SnapshotLeaseUntil - clock.GetUtcNow() > Lease / 2 && clock.GetUtcNow() < end)
                {
                    clock.Advance(Step);
                }

                return send;
            },
            send => clock.GetUtcNow() >= end,
            send => (clock.GetUtcNow(), send.SnapshotLeaseUntil),
            send => $"at {clock.GetUtcNow():O} the snapshot lease of {send.SnapshotOwner} runs until {send.SnapshotLeaseUntil:O}");

        Assert.False(snapshot.IsCompleted, "the append is still held at the gate");
        Assert.True(held.SnapshotLeaseUntil > clock.GetUtcNow(), $"the lease ran out at {held.SnapshotLeaseUntil:O}, now {clock.GetUtcNow():O}");
        var now = clock.GetUtcNow();
        Assert.Null(await sends.ClaimSnapshotAsync("intruder", now, now + Lease, CancellationToken.None));

        gated.Open();
        Assert.True(await snapshot.WaitAsync(Progress.Stall));
        var done = (await sends.GetAsync(setup.OrgId, sendId, CancellationToken.None))!;
        Assert.True(done is { SnapshotComplete: true, State: SendState.Sending, SnapshotOwner: null }, $"the send is {done.State}, snapshot complete {done.SnapshotComplete}");
        Assert.Equal(5, (await server.Services.GetRequiredService<IDeliveryStore>().CountAsync(setup.OrgId, sendId, CancellationToken.None)).Pending);
    }

    [SkippableFact]
    public async Task Snapshot_AppendsFail_LeaseKeptAndReasonOnTheSendUntilARetryAfterTheLeaseWritesIt()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero), out var clock);
        var (setup, sendId, gated) = await StartAsync(server, "failing");
        gated.Failure = new IOException("database or disk is full");
        gated.Open();
        var runner = server.Services.GetRequiredService<SnapshotRunner>();

        var thrown = await Assert.ThrowsAsync<IOException>(() => runner.RunOnceAsync("first", CancellationToken.None));
        Assert.Equal("database or disk is full", thrown.Message);

        var failed = (await setup.Sends.GetMassSendAsync(new MassEmail.Contracts.V1.GetMassSendRequest { Id = sendId })).Send;
        Assert.Equal(MassEmail.Contracts.V1.SendState.Queued, failed.State);
        Assert.Equal(
            "Writing the audience snapshot failed at 2026-12-06 09:00:00 UTC and is tried again within 5 s: database or disk is full",
            failed.SnapshotError);
        var now = clock.GetUtcNow();
        Assert.Null(await server.Services.GetRequiredService<IMassSendStore>().ClaimSnapshotAsync("early", now, now + Lease, CancellationToken.None));

        gated.Failure = null;
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.True(await runner.RunOnceAsync("second", CancellationToken.None));

        var written = (await setup.Sends.GetMassSendAsync(new MassEmail.Contracts.V1.GetMassSendRequest { Id = sendId })).Send;
        Assert.Equal("", written.SnapshotError);
        Assert.Equal(MassEmail.Contracts.V1.SendState.Sending, written.State);
        Assert.Equal(5, written.Counts.Total);
    }

    [SkippableFact]
    public async Task Snapshot_PausedWhileAnAppendIsHeld_FinishedOnThePausedSend_ResumedItSends()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero), out var clock);
        var (setup, sendId, gated, snapshot) = await StartHeldAsync(server, "paused", "writer");

        // The pause writes the send the snapshot last wrote: its finish meets another version, reads the send again and
        // applies itself to the paused one.
        await setup.Sends.PauseMassSendAsync(new MassEmail.Contracts.V1.PauseMassSendRequest { Id = sendId });
        gated.Open();
        Assert.True(await snapshot.WaitAsync(Progress.Stall));

        var done = (await server.Services.GetRequiredService<IMassSendStore>().GetAsync(setup.OrgId, sendId, CancellationToken.None))!;
        Assert.True(
            done is { State: SendState.Paused, PauseReason: "paused by a user", SnapshotComplete: true, SnapshotOwner: null },
            $"the send is {done.State} ({done.PauseReason}), snapshot complete {done.SnapshotComplete}, owner {done.SnapshotOwner}");
        Assert.Equal(5, (await server.Services.GetRequiredService<IDeliveryStore>().CountAsync(setup.OrgId, sendId, CancellationToken.None)).Pending);
        var resumed = (await setup.Sends.ResumeMassSendAsync(new MassEmail.Contracts.V1.ResumeMassSendRequest { Id = sendId })).Send;
        Assert.Equal(MassEmail.Contracts.V1.SendState.Sending, resumed.State);
    }

    [SkippableFact]
    public async Task Snapshot_TakenOverBeforeItsFinish_TheAudienceShrinkageGivenBackOnce()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), out var clock);

        // Five reserved at the start; one address suppressed before the snapshot reads the audience: four to send. The
        // first worker gives the suppressed share back and finds its finish lost; the second writes the snapshot again.
        var (setup, sendId, gated, first) = await StartHeldAsync(server, "shrunk", "first", before: setup =>
            new MassEmail.Contracts.V1.RecipientsService.RecipientsServiceClient(setup.Invoker)
                .AddSuppressionAsync(new MassEmail.Contracts.V1.AddSuppressionRequest { Email = "p2@shrunk.example" }).ResponseAsync);
        var (done, used) = await TakeOverAsync(server, clock, setup, sendId, gated, first);

        Assert.True(done is { SnapshotComplete: true, SnapshotOwner: null, Reserved: 4 }, $"snapshot complete {done.SnapshotComplete}, owner {done.SnapshotOwner}, reserved {done.Reserved}");
        Assert.Equal(4, used);
    }

    [SkippableFact]
    public async Task Snapshot_TakenOverAtItsEnd_AndTheSuppressedAddressBackBeforeTheRewrite_TheCounterHoldsTheReservation()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero), out var clock);

        // Five reserved; one address suppressed while the first worker reads the audience, and allowed again before the
        // second worker writes the snapshot again: the second sends to five, so the day's counter must hold five.
        var recipients = (SendHelpers.Setup setup) => new MassEmail.Contracts.V1.RecipientsService.RecipientsServiceClient(setup.Invoker);
        var (setup, sendId, gated, first) = await StartHeldAsync(server, "returned", "first", before: setup =>
            recipients(setup).AddSuppressionAsync(new MassEmail.Contracts.V1.AddSuppressionRequest { Email = "p2@returned.example" }).ResponseAsync);
        var (done, used) = await TakeOverAsync(server, clock, setup, sendId, gated, first, beforeSecond: () =>
            recipients(setup).RemoveSuppressionAsync(new MassEmail.Contracts.V1.RemoveSuppressionRequest { Email = "p2@returned.example" }).ResponseAsync);

        Assert.True(done is { SnapshotComplete: true, Reserved: 5 }, $"snapshot complete {done.SnapshotComplete}, reserved {done.Reserved}");
        Assert.Equal(5, used);
    }

    [SkippableFact]
    public async Task Snapshot_TakenOverAfterTheAudienceGrew_TheGrowthReservedOnce()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), out var clock);

        // Five reserved at the start; three more candidates imported before the snapshot reads the audience: it reserves
        // one top-up more before its append, which is held. The send keeps the growth at once, so the second worker
        // counts from it and does not reserve the growth again.
        var (setup, sendId, gated, first) = await StartHeldAsync(server, "grown", "first", before: setup => ImportAsync(setup, "grown", 5, 3));
        var sends = server.Services.GetRequiredService<IMassSendStore>();
        Assert.Equal(5 + SnapshotRunner.BatchSize, (await sends.GetAsync(setup.OrgId, sendId, CancellationToken.None))!.Reserved);
        var (done, used) = await TakeOverAsync(server, clock, setup, sendId, gated, first);

        Assert.True(done is { SnapshotComplete: true, Reserved: 8 }, $"snapshot complete {done.SnapshotComplete}, reserved {done.Reserved}");
        Assert.Equal(8, used);
    }

    [SkippableFact]
    public async Task Snapshot_TakenOverBeforeItKeptAGrowth_TheWorkerGivesTheGrowthBack()
    {
        using var server = Server(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero), out var clock);

        // The first worker writes a thousand rows (the send turns SENDING) and its second append is held. Released after
        // the take-over, it reaches the growth, reserves a top-up, finds the snapshot taken over when it keeps the top-up
        // on the send, and gives it back: nobody else would.
        var (setup, sendId, gated, first) = await StartHeldAsync(server, "regrown", "first", 2 * SnapshotRunner.BatchSize, setup =>
        {
            ((GatedDeliveryStore)server.Services.GetRequiredService<IDeliveryStore>()).HoldFrom = 2;
            return ImportAsync(setup, "regrown", 2 * SnapshotRunner.BatchSize, 3);
        });
        var (done, used) = await TakeOverAsync(server, clock, setup, sendId, gated, first);

        Assert.True(done is { SnapshotComplete: true, Reserved: 2003 }, $"snapshot complete {done.SnapshotComplete}, reserved {done.Reserved}");
        Assert.Equal(2003, used);
    }

    /// <summary>
    /// The server on a fake clock starting at <paramref name="start"/>, with a lease of <see cref="Lease"/>, its appends
    /// gated, its own engine out; the test is skipped, with the reason, where the store cannot be used.
    /// </summary>
    private MassEmailServer Server(DateTimeOffset start, out FakeTimeProvider clock)
    {
        DrillStore.SkipIfUnavailable(store);
        var time = clock = new FakeTimeProvider(start);
        return new(store, new Dictionary<string, string?> { ["Sending:LeaseDuration"] = "00:00:05" }, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            GatedDeliveryStore.Register(services);
            EngineOff.Apply(services);
        });
    }

    /// <summary>
    /// Starts a send of <paramref name="candidates"/> candidates, then (after <paramref name="before"/>) its snapshot by
    /// <paramref name="worker"/>, held at the gate.
    /// </summary>
    private static async Task<(SendHelpers.Setup Setup, string SendId, GatedDeliveryStore Gated, Task<bool> Snapshot)> StartHeldAsync(
        MassEmailServer server, string name, string worker, int candidates = 5, Func<SendHelpers.Setup, Task>? before = null)
    {
        var (setup, sendId, gated) = await StartAsync(server, name, candidates);
        if (before is not null)
        {
            await before(setup);
        }

        var snapshot = server.Services.GetRequiredService<SnapshotRunner>().RunOnceAsync(worker, CancellationToken.None);
        await gated.Reached.WaitAsync(Progress.Stall);
        return (setup, sendId, gated, snapshot);
    }

    /// <summary>Starts a send of <paramref name="candidates"/> candidates; the gated store is the server's delivery store.</summary>
    private static async Task<(SendHelpers.Setup Setup, string SendId, GatedDeliveryStore Gated)> StartAsync(MassEmailServer server, string name, int candidates = 5)
    {
        var setup = await SendHelpers.SeedAsync(server, name, $"{name}.example", candidates);
        var sendId = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, name))).Send.Id;
        return (setup, sendId, (GatedDeliveryStore)server.Services.GetRequiredService<IDeliveryStore>());
    }

    /// <summary>
    /// Another worker takes the snapshot over (its clock past the lease) while <paramref name="first"/>'s append is held
    /// (a crash there would leave the same); the first is let go, then (after <paramref name="beforeSecond"/>) the second
    /// writes the snapshot again. Returns the
    /// send as left and the day's bulk counter.
    /// </summary>
    private static async Task<(MassSend Send, long Used)> TakeOverAsync(
        MassEmailServer server, FakeTimeProvider clock, SendHelpers.Setup setup, string sendId, GatedDeliveryStore gated, Task<bool> first,
        Func<Task>? beforeSecond = null)
    {
        var sends = server.Services.GetRequiredService<IMassSendStore>();
        var later = clock.GetUtcNow() + 2 * Lease;
        var taken = await sends.ClaimSnapshotAsync("second", later, later + Lease, CancellationToken.None);
        Assert.NotNull(taken);
        gated.Open();
        Assert.True(await first.WaitAsync(Progress.Stall));
        if (beforeSecond is not null)
        {
            await beforeSecond();
        }

        await server.Services.GetRequiredService<SnapshotRunner>().RunAsync(taken, CancellationToken.None);

        var done = (await sends.GetAsync(setup.OrgId, sendId, CancellationToken.None))!;
        return (done, await server.Services.GetRequiredService<IQuotaStore>().GetUsedAsync(setup.OrgId, QuotaPolicy.BulkCounter, done.QuotaDay, CancellationToken.None));
    }

    /// <summary>Imports <paramref name="count"/> more candidates after the send started, numbered on from <paramref name="from"/>.</summary>
    private static async Task ImportAsync(SendHelpers.Setup setup, string name, int from, int count)
    {
        using var import = new MassEmail.Contracts.V1.RecipientsService.RecipientsServiceClient(setup.Invoker).ImportRecords();
        await import.RequestStream.WriteAsync(new MassEmail.Contracts.V1.ImportRecordsRequest
        {
            Module = MassEmail.Contracts.V1.RecordModule.Candidates,
            Records = { Enumerable.Range(from, count).Select(i => R.Candidate($"c{i:D5}", $"p{i}@{name}.example", $"P{i}")) },
        });
        await import.RequestStream.CompleteAsync();
        await import;
    }
}

[Trait("Store", "Sqlite")]
public sealed class SnapshotLeaseSqliteTests() : SnapshotLeaseTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SnapshotLeaseMongoTests() : SnapshotLeaseTests(StoreKind.Mongo);
