using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The SQLite store's metrics: how long this process's writes held its write gate (one writer at a time, see
/// <see cref="SqliteConnectionFactory.BeginWriteAsync"/>) and waited for it, by writer — the store method that wrote.
/// The gate held most of the time means the store's writes bound the process. Labels are the store's method names only.
/// </summary>
public static class SqliteTelemetry
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string Name = "MassEmail.Sqlite";

    /// <summary>The label that names the writer: the store's type and method, e.g. <c>SqliteDeliveryStore.CheckpointAsync</c>.</summary>
    public const string WriterLabel = "writer";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<double> Held = Meter.CreateCounter<double>(
        "massemail.sqlite.write_gate.held", "s", "Time this process's writes held the SQLite write gate, by writer");

    private static readonly Counter<double> Waited = Meter.CreateCounter<double>(
        "massemail.sqlite.write_gate.wait", "s", "Time this process's writes waited for the SQLite write gate, by writer");

    private static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "massemail.sqlite.writes", "{write}", "Writes through the SQLite write gate (one transaction each), by writer");

    /// <summary>The instruments, for a test's or a bench's listener.</summary>
    public static IReadOnlyList<Instrument> Instruments { get; } = [Held, Waited, Writes];

    /// <summary>One gated write: its writer, when it asked for the gate, got it and let it go (<see cref="Stopwatch"/> ticks).</summary>
    internal static void Written(string writer, long asked, long entered, long left)
    {
        var tag = new KeyValuePair<string, object?>(WriterLabel, writer);
        Writes.Add(1, tag);
        Waited.Add(Stopwatch.GetElapsedTime(asked, entered).TotalSeconds, tag);
        Held.Add(Stopwatch.GetElapsedTime(entered, left).TotalSeconds, tag);
    }
}
