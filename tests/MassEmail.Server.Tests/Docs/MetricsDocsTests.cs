using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using MassEmail.Core.Sending;
using MassEmail.Ses;
using MassEmail.Storage.Sqlite;

namespace MassEmail.Server.Tests.Docs;

/// <summary>
/// The metrics table of docs/operations.md lists every instrument of the service's meters, by the name Prometheus
/// shows and its type, and no other (the labels are checked against a real scrape in <c>MetricsScrapeTests</c>).
/// </summary>
public sealed class MetricsDocsTests
{
    [Fact]
    public void Operations_MetricsTable_ListsEveryInstrumentAndNoOther()
    {
        RuntimeHelpers.RunClassConstructor(typeof(SendingTelemetry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(SesTelemetry).TypeHandle);
        // A meter of its own on the sending meter's name: its instruments exist once its class is initialised.
        RuntimeHelpers.RunClassConstructor(typeof(MassEmail.Core.Deliverability.InboundEventTelemetry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(MassEmail.Core.Syncs.SyncTelemetry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(MassEmail.Core.Work.WorkTelemetry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(SqliteTelemetry).TypeHandle);
        var instruments = new Dictionary<string, string>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name is SendingTelemetry.Name or SesTelemetry.Name or SqliteTelemetry.Name)
                {
                    instruments[PrometheusName(instrument)] = TypeOf(instrument);
                }
            };
            listener.Start();
        }

        var documented = MetricsTable.Load().ToDictionary(kv => kv.Key, kv => kv.Value.Type);

        Assert.NotEmpty(instruments);
        Assert.Equal(instruments.OrderBy(kv => kv.Key), documented.OrderBy(kv => kv.Key));
    }

    // As the OpenTelemetry Prometheus exporter names them: dots to underscores, the unit as a suffix (annotations in
    // braces are none), _total on counters.
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        name += instrument.Unit switch
        {
            "s" => "_seconds",
            null or "" => "",
            var unit when unit.StartsWith('{') => "",
            var unit => "_" + unit,
        };
        return TypeOf(instrument) == "counter" ? name + "_total" : name;
    }

    private static string TypeOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<double> or ObservableCounter<long> => "counter",
        Histogram<double> or Histogram<long> => "histogram",
        _ => "gauge",
    };
}
