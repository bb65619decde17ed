using System.Diagnostics;

namespace MassEmail.Bench;

/// <summary>
/// Constant arrival rate: request n is due at start + n/rate whether or not earlier ones returned,
/// and its latency runs from that due time. A slow server therefore shows up as latency instead
/// of as fewer requests sent (no coordinated omission), as in wrk2.
/// </summary>
/// <param name="call">Sends request n; the task completes when its reply arrived.</param>
internal sealed class OpenLoopRunner(Func<long, Task> call, int rate, TimeSpan warmup, TimeSpan duration, CpuMeter cpu)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly long _warmupCount = (long)(rate * warmup.TotalSeconds);
    private readonly int _measuredCount = checked((int)(rate * duration.TotalSeconds));
    private readonly LatencyRecorder _latency = new(checked((int)(rate * duration.TotalSeconds)));
    private readonly LatencyRecorder _pacerLag = new(checked((int)(rate * duration.TotalSeconds)));
    private long _inFlight;
    private long _measureStart;
    private long _lastCompletion;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() => Pace(paced, cancellationToken)) { IsBackground = true, Name = "open-loop pacer" };
        pacer.Start();
        await paced.Task;

        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref _inFlight) > 0 && drain.Elapsed < DrainTimeout)
        {
            await Task.Delay(5, CancellationToken.None);
        }

        cpu.Stop();
        var latency = _latency.Summarize();
        var perSecond = Enumerable.Range(0, (int)Math.Ceiling(duration.TotalSeconds)).Select(i => _latency.Summarize(i * rate, rate)).ToArray();
        var seconds = Stopwatch.GetElapsedTime(_measureStart, Interlocked.Read(ref _lastCompletion)).TotalSeconds;
        return new LoadResult(
            BenchMode.Rate, rate, 0, latency.Count, _latency.Errors, _latency.FirstError,
            seconds > 0 ? latency.Count / seconds : 0, latency, _pacerLag.Summarize(), cpu.ServerCores, cpu.BenchCores, cpu.OtherCores, perSecond);
    }

    private void Pace(TaskCompletionSource paced, CancellationToken cancellationToken)
    {
        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; n < _warmupCount + _measuredCount && !cancellationToken.IsCancellationRequested; n++)
        {
            var due = start + (long)(n * interval);
            PreciseSleep.Until(due);
            var slot = (int)(n - _warmupCount);
            if (slot == 0)
            {
                _measureStart = due;
                cpu.Start();
            }

            if (slot >= 0)
            {
                _pacerLag.Record(slot, Stopwatch.GetTimestamp() - due);
            }

            Interlocked.Increment(ref _inFlight);
            // The thread pool starts the call so that the pacer never waits on the client stack.
            ThreadPool.UnsafeQueueUserWorkItem(
                static s => _ = s.Runner.SendAsync(s.N, s.Slot, s.Due), (Runner: this, N: n, Slot: slot, Due: due), preferLocal: false);
        }

        paced.SetResult();
    }

    private async Task SendAsync(long n, int slot, long due)
    {
        try
        {
            await call(n);
            var end = Stopwatch.GetTimestamp();
            if (slot >= 0)
            {
                _latency.Record(slot, end - due);
                RaiseLastCompletion(end);
            }
        }
        catch (Exception e)
        {
            if (slot >= 0)
            {
                _latency.Fail(e);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void RaiseLastCompletion(long timestamp)
    {
        var seen = Interlocked.Read(ref _lastCompletion);
        while (timestamp > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastCompletion, timestamp, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
