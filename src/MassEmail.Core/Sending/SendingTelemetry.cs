using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>
/// The send pipeline's metrics and spans, on the BCL's <see cref="Meter"/> and <see cref="ActivitySource"/> (the host
/// decides whether and where they are exported). Labels are low-cardinality words only: never an address, a body, a
/// token or a key. The pipeline calls one method per event; the documented names are in docs/operations.md.
/// </summary>
public static class SendingTelemetry
{
    /// <summary>The meter and activity source name the host subscribes to.</summary>
    public const string Name = "MassEmail";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "massemail.deliveries", "{delivery}", "Deliveries that reached a final state (sent, failed, unknown, skipped), by state and skip reason");

    private static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>(
        "massemail.rate_limiter.wait", "s", "How long a sender waited for a permit of the send rate limiter");

    private static readonly Counter<long> SnapshotRows = Meter.CreateCounter<long>(
        "massemail.snapshot.rows", "{row}", "Delivery rows written by audience snapshots");

    private static long pendingDeliveries;
    private static long claimableBatches;
    private static long consentOutbox;

    static SendingTelemetry()
    {
        Meter.CreateObservableGauge(
            "massemail.deliveries.pending", () => Volatile.Read(ref pendingDeliveries), "{delivery}",
            "Deliveries waiting to be claimed in sends that are SENDING (sampled from the store)");
        Meter.CreateObservableGauge(
            "massemail.batches.claimable", () => Volatile.Read(ref claimableBatches), "{batch}",
            "Batches of Sending:BatchSize claimable in sends that are SENDING (sampled from the store)");
        Meter.CreateObservableGauge(
            "massemail.consent_outbox.pending", () => Volatile.Read(ref consentOutbox), "{change}",
            "Opt-outs and list (un)subscriptions not yet published to the campaign tools (sampled from the store)");
    }

    /// <summary>Spans of the pipeline: a batch, a snapshot.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>The stored outcomes of one batch (null entries were not attempted and go back to PENDING).</summary>
    public static void Completed(IEnumerable<DeliveryOutcome?> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome is not null)
            {
                Count(outcome.State, outcome.Skip, 1);
            }
        }
    }

    /// <summary>Claims of a stopped worker that expired into UNKNOWN.</summary>
    public static void Expired(long count)
    {
        if (count > 0)
        {
            Count(DeliveryState.Unknown, SkipReason.None, count);
        }
    }

    /// <summary>Rows a snapshot wrote; the rows skipped at once (no address, quota, ...) reached their final state.</summary>
    public static void SnapshotWritten(IReadOnlyCollection<Delivery> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        SnapshotRows.Add(rows.Count);
        foreach (var group in rows.Where(r => r.State == DeliveryState.Skipped).GroupBy(r => r.Skip))
        {
            Count(DeliveryState.Skipped, group.Key, group.Count());
        }
    }

    /// <summary>A sender waited <paramref name="seconds"/> for a permit (zero when one was free).</summary>
    public static void LimiterWaited(double seconds) => LimiterWait.Record(seconds);

    /// <summary>The claimable work of the store, as last sampled.</summary>
    public static void PendingWork(long deliveries, long batches)
    {
        Volatile.Write(ref pendingDeliveries, deliveries);
        Volatile.Write(ref claimableBatches, batches);
    }

    /// <summary>The consent outbox's depth, as last sampled.</summary>
    public static void ConsentOutboxDepth(long pending) => Volatile.Write(ref consentOutbox, pending);

    /// <summary>A span for one batch of a send (null when nobody listens); the caller disposes it.</summary>
    public static Activity? StartBatch(MassSend send, string worker) =>
        Source.StartActivity("massemail.batch")?.SetTag("massemail.org_id", send.OrgId).SetTag("massemail.send_id", send.Id).SetTag("massemail.worker", worker);

    /// <summary>A span for one snapshot run (null when nobody listens); the caller disposes it.</summary>
    public static Activity? StartSnapshot(MassSend send) =>
        Source.StartActivity("massemail.snapshot")?.SetTag("massemail.org_id", send.OrgId).SetTag("massemail.send_id", send.Id);

    /// <summary>The label value of a state or skip reason, as the API spells it (lower case).</summary>
    public static string Label(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static string Label(SkipReason reason) => reason switch
    {
        SkipReason.NoEmail => "no_email",
        SkipReason.InvalidEmail => "invalid_email",
        SkipReason.OptedOut => "opted_out",
        SkipReason.UnsubscribedFromList => "unsubscribed_from_list",
        SkipReason.Duplicate => "duplicate",
        SkipReason.Suppressed => "suppressed",
        SkipReason.QuotaExceeded => "quota_exceeded",
        _ => "other",
    };

    // The reason label only on skipped rows: the others have none.
    private static void Count(DeliveryState state, SkipReason reason, long count)
    {
        var stateTag = new KeyValuePair<string, object?>("state", Label(state));
        if (reason == SkipReason.None)
        {
            Deliveries.Add(count, stateTag);
        }
        else
        {
            Deliveries.Add(count, stateTag, new KeyValuePair<string, object?>("reason", Label(reason)));
        }
    }
}
