using System.Diagnostics.Metrics;
using MassEmail.Storage.Sqlite;

namespace MassEmail.Bench;

/// <summary>
/// The time this process's SQLite writes held the store's write gate while it listens (<see cref="SqliteTelemetry"/>,
/// the same counter a server shows at <c>/metrics</c>): for the store floor, which runs in the bench process.
/// </summary>
internal sealed class WriteGateMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private double seconds;

    public WriteGateMeter()
    {
        var held = SqliteTelemetry.Instruments.Single(i => i.Name == "massemail.sqlite.write_gate.held");
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == held)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (gate)
            {
                seconds += value;
            }
        });
        listener.Start();
    }

    /// <summary>The gate's time held so far.</summary>
    public TimeSpan Held
    {
        get
        {
            lock (gate)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
    }

    public void Dispose() => listener.Dispose();
}
