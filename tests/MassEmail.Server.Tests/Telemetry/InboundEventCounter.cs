using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassEmail.Core.Sending;

namespace MassEmail.Server.Tests.Telemetry;

/// <summary>
/// Listens to <c>massemail.inbound_events</c> of the in-process servers while it lives and sums it by (source, type,
/// outcome). Other tests of the process may add to the same labels at the same time, so tests assert lower bounds.
/// </summary>
internal sealed class InboundEventCounter : IDisposable
{
    private readonly ConcurrentDictionary<(string Source, string Type, string Outcome), long> counts = new();
    private readonly MeterListener listener = new();

    public InboundEventCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SendingTelemetry.Name && instrument.Name == "massemail.inbound_events")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string source = "", type = "", outcome = "";
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "source": source = tag.Value as string ?? ""; break;
                    case "type": type = tag.Value as string ?? ""; break;
                    case "outcome": outcome = tag.Value as string ?? ""; break;
                }
            }

            counts.AddOrUpdate((source, type, outcome), value, (_, sum) => sum + value);
        });
        listener.Start();
    }

    public long this[string source, string type, string outcome] => counts.GetValueOrDefault((source, type, outcome));

    /// <summary>Every outcome of <paramref name="source"/>'s events of any type.</summary>
    public long Outcome(string source, string outcome) =>
        counts.Where(c => c.Key.Source == source && c.Key.Outcome == outcome).Sum(c => c.Value);

    public void Dispose() => listener.Dispose();
}
