using System.Diagnostics;

namespace MassEmail.Bench;

/// <summary>
/// Maximum throughput: N callers each send their next request as soon as the previous reply
/// arrived. Latency here is service time under saturation, not a latency target.
/// </summary>
/// <param name="call">Sends request n; the task completes when its reply arrived.</param>
internal sealed class ClosedLoopRunner(Func<long, Task> call, int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu)
{
    // Room for 200,000 requests/s, far above what two cores serve; later ones are counted, not recorded.
    private readonly LatencyRecorder _latency = new(checked((int)(200_000 * duration.TotalSeconds)));
    private long _sequence;
    private int _completed;
    private long _measureStart;
    private long _measureEnd;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _measureStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        _measureEnd = _measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => CallerAsync(stop.Token), CancellationToken.None)).ToArray();
        await Task.Delay(warmup, cancellationToken);
        cpu.Start();
        await Task.Delay(duration, cancellationToken);
        cpu.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        var latency = _latency.Summarize();
        return new LoadResult(
            BenchMode.Max, 0, concurrency, _completed, _latency.Errors, _latency.FirstError,
            _completed / duration.TotalSeconds, latency, null, cpu.ServerCores, cpu.BenchCores, cpu.OtherCores);
    }

    private async Task CallerAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await call(Interlocked.Increment(ref _sequence));
            }
            catch (Exception e)
            {
                if (sent >= _measureStart && sent < _measureEnd)
                {
                    _latency.Fail(e);
                }

                continue;
            }

            var replied = Stopwatch.GetTimestamp();
            if (sent >= _measureStart && replied <= _measureEnd)
            {
                Interlocked.Increment(ref _completed);
                _latency.Append(replied - sent);
            }
        }
    }
}
