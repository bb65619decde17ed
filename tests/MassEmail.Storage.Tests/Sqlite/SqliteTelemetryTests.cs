using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// The write gate's metrics: each gated write is counted once under its caller's type and method, with the time it
/// waited for the gate and the time it held it (from getting in to letting the next writer in).
/// </summary>
public sealed class SqliteTelemetryTests : IAsyncDisposable
{
    private const string First = $"{nameof(SqliteTelemetryTests)}.{nameof(FirstWriterAsync)}";
    private const string Second = $"{nameof(SqliteTelemetryTests)}.{nameof(SecondWriterAsync)}";

    private readonly SqliteFile file = new();

    /// <summary>(instrument, writer) → the values recorded, for this test's two writers only (other tests write beside it).</summary>
    private readonly ConcurrentDictionary<(string Instrument, string Writer), ConcurrentQueue<double>> recorded = new();

    [Fact]
    public async Task BeginWrite_SecondWriterWaitsForFirst_EachCountedByItsCallerWithItsWaitAndHold()
    {
        using var listener = Listen();
        var first = await FirstWriterAsync();
        var holding = Stopwatch.GetTimestamp();
        var second = SecondWriterAsync();
        Assert.False(second.IsCompleted, "the second writer got in while the first held the gate");
        var releasing = Stopwatch.GetTimestamp();
        await first.DisposeAsync();
        await (await second).DisposeAsync();

        Assert.Equal([1], Values("massemail.sqlite.writes", First));
        Assert.Equal([1], Values("massemail.sqlite.writes", Second));
        var firstHeld = Assert.Single(Values("massemail.sqlite.write_gate.held", First));
        var secondWaited = Assert.Single(Values("massemail.sqlite.write_gate.wait", Second));
        Assert.Single(Values("massemail.sqlite.write_gate.wait", First));
        Assert.Single(Values("massemail.sqlite.write_gate.held", Second));

        // The first held the gate from before this test saw it in until after it was disposed, and the second asked
        // while the first held it and got in after: its wait lies within the first's hold.
        Assert.True(firstHeld >= Stopwatch.GetElapsedTime(holding, releasing).TotalSeconds, $"held {firstHeld} s");
        Assert.InRange(secondWaited, double.Epsilon, firstHeld);
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    // Two callers of their own: the gate labels each write with its caller's type and method.
    private Task<SqliteWrite> FirstWriterAsync() => file.Factory.BeginWriteAsync(default);

    private Task<SqliteWrite> SecondWriterAsync() => file.Factory.BeginWriteAsync(default);

    private double[] Values(string instrument, string writer) =>
        recorded.TryGetValue((instrument, writer), out var values) ? [.. values] : [];

    private MeterListener Listen()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, tag) in tags)
        {
            if (key == SqliteTelemetry.WriterLabel && tag is First or Second)
            {
                recorded.GetOrAdd((instrument.Name, (string)tag), _ => new()).Enqueue(value);
            }
        }
    }
}
