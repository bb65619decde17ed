using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;

namespace MassEmail.Core.Tests.Syncs;

/// <summary>The syncs' backlog per connection (issue 15, "outbox depth per connection"), from the stored definitions.</summary>
public sealed class SyncTelemetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Measure_CountsPerConnection_DueScheduledRequestedOrRunning_AndWaitingForTheVendorApart()
    {
        SyncDefinition[] definitions =
        [
            Definition("c-b", next: Now.AddSeconds(-1)),
            Definition("c-b", next: Now.AddHours(1)),
            Definition("c-b", next: Now.AddHours(1), requested: Now.AddSeconds(-5)),
            Definition("c-a", next: Now.AddHours(1), status: Running(waitingUntil: null)),
            Definition("c-a", next: Now.AddMinutes(10), status: Running(waitingUntil: Now.AddMinutes(10))),
            Definition("c-a", next: Now.AddMinutes(10), status: Running(waitingUntil: Now.AddMinutes(-1))),
            Definition("c-c", next: null),
        ];

        var backlog = SyncTelemetry.Measure(definitions, Now);

        Assert.Equal(
            [new SyncBacklog("c-a", 2, 1), new SyncBacklog("c-b", 2, 0), new SyncBacklog("c-c", 0, 0)],
            backlog);
        Assert.Empty(SyncTelemetry.Measure([], Now));
    }

    private static SyncStatus Running(DateTimeOffset? waitingUntil) =>
        SyncStatus.Initial with { State = SyncState.InProgress, RunStartedAt = Now.AddHours(-1), WaitingUntil = waitingUntil };

    private static SyncDefinition Definition(string connectionId, DateTimeOffset? next, SyncStatus? status = null, DateTimeOffset? requested = null)
    {
        var settings = new SyncSettings(
            RecordModule.Candidates, new SyncSource(SyncSourceKind.View, "view"), "list", [new(StandardFields.Email, "Contact Email")],
            true, RecordDeletedAction.RemoveFromList, new ScheduleTiming(new DateTime(2026, 1, 1, 9, 0, 0), "Europe/Warsaw", null), false);
        return new SyncDefinition(Guid.NewGuid().ToString("N"), "org", connectionId, "d", settings, status ?? SyncStatus.Initial, "u", Now, Now, 1, next, requested);
    }
}
