using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
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
/// audience's shrinkage back once, not once per worker.
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
        var (setup, sendId, gated) = await StartAsync(server, "shrunk");

        // Five reserved at the start; one address suppressed before the snapshot reads the audience: four to send.
        await new MassEmail.Contracts.V1.RecipientsService.RecipientsServiceClient(setup.Invoker)
            .AddSuppressionAsync(new MassEmail.Contracts.V1.AddSuppressionRequest { Email = "p2@shrunk.example" });
        var runner = server.Services.GetRequiredService<SnapshotRunner>();
        var first = runner.RunOnceAsync("first", CancellationToken.None);
        await gated.Reached.WaitAsync(Progress.Stall);

        // Another worker takes the snapshot over (its clock past the lease) while the first one's append is held: the
        // first gives the suppressed share back and finds its finish lost; the second writes the snapshot again.
        var sends = server.Services.GetRequiredService<IMassSendStore>();
        var later = clock.GetUtcNow() + 2 * Lease;
        var taken = await sends.ClaimSnapshotAsync("second", later, later + Lease, CancellationToken.None);
        Assert.NotNull(taken);
        gated.Open();
        Assert.True(await first.WaitAsync(Progress.Stall));
        await runner.RunAsync(taken, CancellationToken.None);

        var done = (await sends.GetAsync(setup.OrgId, sendId, CancellationToken.None))!;
        Assert.True(done is { SnapshotComplete: true, SnapshotOwner: null, Reserved: 4 }, $"snapshot complete {done.SnapshotComplete}, owner {done.SnapshotOwner}, reserved {done.Reserved}");
        var used = await server.Services.GetRequiredService<IQuotaStore>().GetUsedAsync(setup.OrgId, QuotaPolicy.BulkCounter, done.QuotaDay, CancellationToken.None);
        Assert.Equal(4, used);
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

    /// <summary>Starts a send of five candidates and its snapshot by <paramref name="worker"/>, held at its first append.</summary>
    private static async Task<(SendHelpers.Setup Setup, string SendId, GatedDeliveryStore Gated, Task<bool> Snapshot)> StartHeldAsync(
        MassEmailServer server, string name, string worker)
    {
        var (setup, sendId, gated) = await StartAsync(server, name);
        var snapshot = server.Services.GetRequiredService<SnapshotRunner>().RunOnceAsync(worker, CancellationToken.None);
        await gated.Reached.WaitAsync(Progress.Stall);
        return (setup, sendId, gated, snapshot);
    }

    /// <summary>Starts a send of five candidates; the gated store is the server's delivery store.</summary>
    private static async Task<(SendHelpers.Setup Setup, string SendId, GatedDeliveryStore Gated)> StartAsync(MassEmailServer server, string name)
    {
        var setup = await SendHelpers.SeedAsync(server, name, $"{name}.example", 5);
        var sendId = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, name))).Send.Id;
        return (setup, sendId, (GatedDeliveryStore)server.Services.GetRequiredService<IDeliveryStore>());
    }
}

[Trait("Store", "Sqlite")]
public sealed class SnapshotLeaseSqliteTests() : SnapshotLeaseTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SnapshotLeaseMongoTests() : SnapshotLeaseTests(StoreKind.Mongo);
