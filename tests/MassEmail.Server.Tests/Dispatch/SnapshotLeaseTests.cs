using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// <see cref="SnapshotRunner"/> keeps its lease while one append outlasts it (a slow MongoDB write under load): the
/// lease is renewed on a timer, so no other worker takes the snapshot over. Real store, fake clock, the append held
/// at a gate while the clock moves on three leases; the server's own worker is taken out.
/// </summary>
public abstract class SnapshotLeaseTests(StoreKind store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [SkippableFact]
    public async Task Snapshot_AppendOutlastsTheLease_LeaseKeptAndNoTakeOver()
    {
        var reason = MassEmailServer.UnavailableReason(store);
        Skip.If(reason is not null, reason);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        GatedAppendStore? gated = null;
        using var server = new MassEmailServer(store, new Dictionary<string, string?> { ["Sending:LeaseDuration"] = "00:00:05" }, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            var real = services.Last(d => d.ServiceType == typeof(IDeliveryStore));
            services.Remove(real);
            services.AddSingleton<IDeliveryStore>(sp => gated = new GatedAppendStore((IDeliveryStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
            EngineOff.Apply(services);
        });
        var setup = await SendHelpers.SeedAsync(server, "Lease", "lease.example", 5);
        var sendId = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "lease"))).Send.Id;
        var sends = server.Services.GetRequiredService<IMassSendStore>();
        _ = server.Services.GetRequiredService<IDeliveryStore>();

        var snapshot = server.Services.GetRequiredService<SnapshotRunner>().RunOnceAsync("slow", CancellationToken.None);
        await gated!.Reached.WaitAsync(Progress.Stall);

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
}

[Trait("Store", "Sqlite")]
public sealed class SnapshotLeaseSqliteTests() : SnapshotLeaseTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SnapshotLeaseMongoTests() : SnapshotLeaseTests(StoreKind.Mongo);
