using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Stored = MassEmail.Core.Scheduling;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>
/// An instance killed after it claimed an occurrence, and even after it started the send: once the claim's lease ends
/// another instance takes the occurrence over, and the occurrence's idempotency key returns the send already started.
/// Run slots taken by instances killed before they started a send are freed once a claim's lease has passed.
/// </summary>
public abstract class ScheduleCrashTests(StoreKind store)
{
    [SkippableFact]
    public async Task ClaimOfADeadInstance_TakenOverAfterItsLease_SendStartedOnce()
    {
        var fireAt = new DateTimeOffset(2027, 5, 3, 10, 30, 0, TimeSpan.Zero);
        using var clock = new ScheduleClock(store, fireAt.AddHours(-1));
        var server = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(server, "crash.example");
        var schedule = await setup.CreateAsync(setup.Draft(new DateTime(2027, 5, 3, 12, 30, 0)));
        const string local = "2027-05-03T12:30+02:00";

        // What the dead instance did: claimed the occurrence (lease ends 10 s after the fire time) and started the send.
        var dead = new Stored.Occurrence(setup.OrgId, schedule.Id, local, fireAt, Stored.OccurrenceState.Claimed, "", "", "dead", fireAt.AddSeconds(10), fireAt);
        Assert.Equal(Stored.ClaimResult.Won, await server.Services.GetRequiredService<Stored.IScheduleStore>().ClaimAsync(dead, CancellationToken.None));
        var started = (await setup.Sends.StartMassSendAsync(new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = setup.TemplateId,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.Account,
            Audience = new Audience { ViewId = setup.ViewId },
            IdempotencyKey = $"schedule:{schedule.Id}:{local}",
        })).Send;

        var fired = await clock.RunUntilAsync(setup, schedule.Id, fireAt.AddSeconds(1), o => o.Count == 1 && o[0].State == OccurrenceState.Fired);

        Assert.Equal(started.Id, fired[0].SendId);
        Assert.Equal([started.Id], (await setup.SendsAsync()).Select(s => s.Id));
        Assert.Null((await setup.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = schedule.Id })).Schedule.NextFireTime);
    }

    [SkippableFact]
    public async Task RunSlotsOfDeadInstances_FreedAfterAClaimsLease_TheWaitingSendThenStarts()
    {
        var fireAt = new DateTimeOffset(2027, 5, 3, 10, 30, 0, TimeSpan.Zero);
        using var clock = new ScheduleClock(store, fireAt.AddHours(-1));
        var server = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(server, "dead-slots.example");
        var schedule = await setup.CreateAsync(setup.Draft(new DateTime(2027, 5, 3, 12, 30, 0)));
        var stored = server.Services.GetRequiredService<Stored.IScheduleStore>();

        // What three killed instances left: each took a run slot just before the fire time, and died before starting a send.
        foreach (var dead in new[] { "2027-05-03T12:29+02:00", "2027-05-03T12:28+02:00", "2027-05-03T12:27+02:00" })
        {
            Assert.True(await stored.TakeRunSlotAsync(setup.OrgId, Core.Ids.New(), dead, Stored.ScheduleSlots.MaxAtOnce, fireAt.AddSeconds(-30), CancellationToken.None));
        }

        var waiting = await clock.RunUntilAsync(setup, schedule.Id, fireAt, o => o.Count == 1 && o[0].State == OccurrenceState.Waiting);
        Assert.StartsWith("slot full", waiting[0].Reason, StringComparison.Ordinal);

        // The default lease is two minutes: after it the dead instances' slots are freed and the waiting send starts.
        var fired = await clock.RunUntilAsync(setup, schedule.Id, fireAt.AddMinutes(2), o => o.Count == 1 && o[0].State == OccurrenceState.Fired);
        Assert.Equal([fired[0].SendId], (await setup.SendsAsync()).Select(s => s.Id));
    }
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleCrashSqliteTests() : ScheduleCrashTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class ScheduleCrashMongoTests() : ScheduleCrashTests(StoreKind.Mongo);
