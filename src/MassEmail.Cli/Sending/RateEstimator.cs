using System.Diagnostics;

namespace MassEmail.Cli.Sending;

/// <summary>
/// Deliveries finished per second over the last <see cref="Window"/>, and the time the rest would take at that
/// rate. A sliding window, not the average since start, so a send that slowed down (throttling, a resume) shows
/// its current pace.
/// </summary>
public sealed class RateEstimator
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Queue<(TimeSpan At, long Done)> samples = new();

    /// <summary>Per second; null until two observations a moment apart exist.</summary>
    public double? Rate { get; private set; }

    public void Observe(long done)
    {
        var now = clock.Elapsed;
        samples.Enqueue((now, done));
        while (samples.Count > 2 && now - samples.Peek().At > Window)
        {
            samples.Dequeue();
        }

        var (firstAt, firstDone) = samples.Peek();
        var seconds = (now - firstAt).TotalSeconds;
        Rate = seconds >= 0.5 ? Math.Max(0, done - firstDone) / seconds : Rate;
    }

    /// <summary>How long <paramref name="remaining"/> deliveries take at the current rate; null when unknown.</summary>
    public TimeSpan? Eta(long remaining) =>
        remaining == 0 ? TimeSpan.Zero : Rate is > 0 and var r ? TimeSpan.FromSeconds(Math.Ceiling(remaining / r)) : null;
}
