using System.Diagnostics.Metrics;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Syncs;

/// <summary>
/// The campaign-tool syncs' backlog per connection, sampled from the store (every instance on one store reports the
/// same): the state-based sync's counterpart of an outbox's depth. A definition's run is <b>due</b> when its time has
/// come, a "sync now" waits for a worker, or it is going on, and <b>waiting</b> when it stopped for the vendor (a rate window, a lock, an outage) and
/// goes on later. The label is the connection id (the API's id, no secret).
/// </summary>
public static class SyncTelemetry
{
    private static readonly Meter Meter = new(SendingTelemetry.Name);

    private static IReadOnlyList<SyncBacklog> backlog = [];

    static SyncTelemetry()
    {
        Meter.CreateObservableGauge(
            "massemail.sync_runs.due", () => Volatile.Read(ref backlog).Select(b => new Measurement<long>(b.Due, Tag(b))), "{run}",
            "Sync definitions whose run is due or going on, per connection (sampled from the store)");
        Meter.CreateObservableGauge(
            "massemail.sync_runs.waiting", () => Volatile.Read(ref backlog).Select(b => new Measurement<long>(b.Waiting, Tag(b))), "{run}",
            "Sync runs stopped for the vendor (a window, a lock, an outage) that go on later, per connection (sampled from the store)");
    }

    /// <summary>The backlog of every connection that has a definition, in connection id order.</summary>
    public static IReadOnlyList<SyncBacklog> Measure(IEnumerable<SyncDefinition> definitions, DateTimeOffset now) =>
    [
        .. definitions.GroupBy(d => d.ConnectionId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SyncBacklog(
            g.Key,
            g.LongCount(d => !Waiting(d, now) && (d.Status.State == SyncState.InProgress || d.NextRunAt <= now || d.RunRequestedAt <= now)),
            g.LongCount(d => Waiting(d, now)))),
    ];

    /// <summary>Publishes a sample.</summary>
    public static void Backlog(IReadOnlyList<SyncBacklog> perConnection) => Volatile.Write(ref backlog, perConnection);

    private static bool Waiting(SyncDefinition d, DateTimeOffset now) =>
        d.Status.State == SyncState.InProgress && d.Status.WaitingUntil > now;

    private static KeyValuePair<string, object?> Tag(SyncBacklog b) => new("connection", b.ConnectionId);
}

/// <summary>One connection's sync backlog: runs due or going on, and runs waiting for the vendor.</summary>
public sealed record SyncBacklog(string ConnectionId, long Due, long Waiting);
