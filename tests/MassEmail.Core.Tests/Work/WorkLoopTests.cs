using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassEmail.Core.Sending;
using MassEmail.Core.Work;
using MassEmail.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Work;

/// <summary>
/// <see cref="WorkLoop"/> on a fake clock with a scripted source: lanes side by side, the idle delay on the clock,
/// failures survived, and a cooperative stop that claims nothing more and waits for running units.
/// </summary>
public sealed class WorkLoopTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task RunAsync_NothingToClaim_AsksAgainOnlyAfterTheIdleDelay()
    {
        var source = new Source(_ => null, clock);

        await RunThreeClaimsAsync(source);

        Assert.Equal(3, source.Claims);
    }

    [Fact]
    public async Task RunAsync_ThreeLanes_ThreeUnitsRunSideBySideAndTheNextClaimWaitsForOneToEnd()
    {
        var units = new ConcurrentQueue<Unit>();
        var source = new Source(_ =>
        {
            var unit = new Unit();
            units.Enqueue(unit);
            return unit;
        });
        using var stop = new CancellationTokenSource();
        var loop = new WorkLoop(source, 3, Idle, clock, NullLogger.Instance).RunAsync("w", stop.Token);

        await WaitClaimsAsync(source, 3);
        Assert.All(units, u => Assert.True(u.Started.IsCompleted));
        Assert.Equal(3, source.Claims);

        units.First().Finish();
        await WaitClaimsAsync(source, 4);

        await stop.CancelAsync();
        foreach (var unit in units)
        {
            unit.Finish();
        }

        await loop.WaitAsync(Progress.Stall);
        Assert.Equal(4, source.Claims);
    }

    [Fact]
    public async Task RunAsync_Stopped_ClaimsNothingMoreAndReturnsOnlyWhenRunningUnitsHaveDrained()
    {
        var unit = new Unit();
        var source = new Source(n => n == 1 ? unit : null);
        using var stop = new CancellationTokenSource();
        var loop = new WorkLoop(source, 2, Idle, clock, NullLogger.Instance).RunAsync("w", stop.Token);
        await unit.Started.WaitAsync(Progress.Stall);
        await WaitClaimsAsync(source, 2);

        await stop.CancelAsync();
        Assert.True(await unit.StopSeen.WaitAsync(Progress.Stall), "the running unit saw the stop");
        clock.Advance(10 * Idle);
        Assert.False(loop.IsCompleted, "the loop waits for the running unit");

        unit.Finish();
        await loop.WaitAsync(Progress.Stall);
        Assert.Equal(2, source.Claims);
    }

    [Fact]
    public async Task RunAsync_UnitOrClaimFails_LoopGoesOnAfterTheIdleDelay()
    {
        var source = new Source(n => n switch
        {
            1 => throw new InvalidOperationException("the store is unreachable"),
            2 => new Unit(new InvalidOperationException("the unit broke")),
            _ => null,
        }, clock);

        await RunThreeClaimsAsync(source);
    }

    [Fact]
    public async Task RunAsync_ClaimAndUnitFail_EachCountedUnderItsSourceWhoseSeriesStartsAtZero()
    {
        var name = $"scripted-{Guid.NewGuid():N}";
        var measured = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SendingTelemetry.Name && instrument.Name == "massemail.work.failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "source", Value: string source } && source == name)
                {
                    measured.Enqueue(value);
                }
            }
        });
        listener.Start();
        var source = new Source(n => n switch
        {
            1 => throw new InvalidOperationException("the store is unreachable"),
            2 => new Unit(new InvalidOperationException("the unit broke")),
            _ => null,
        }, clock, name);

        await RunThreeClaimsAsync(source);

        Assert.Equal([0L, 1L, 1L], measured);
    }

    /// <summary>One lane until its third claim, moving the clock; asserts the idle delay passed between claims.</summary>
    private async Task RunThreeClaimsAsync(Source source)
    {
        using var stop = new CancellationTokenSource();
        var loop = new WorkLoop(source, 1, Idle, clock, NullLogger.Instance).RunAsync("w", stop.Token);
        await WaitClaimsAsync(source, 1);
        await AdvanceUntilClaimsAsync(source, 3);

        await stop.CancelAsync();
        await loop.WaitAsync(Progress.Stall);
        Assert.True(source.At[1] - source.At[0] >= Idle && source.At[2] - source.At[1] >= Idle, $"claims at {string.Join(", ", source.At)}");
    }

    /// <summary>Moves the clock in small steps until the source had <paramref name="claims"/> claims.</summary>
    private Task AdvanceUntilClaimsAsync(Source source, int claims) =>
        Progress.WaitAsync(
            () =>
            {
                if (source.Claims < claims)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(50));
                }

                return source.Claims;
            },
            n => n >= claims,
            n => n,
            n => $"{n} claims, waiting for {claims}");

    private static Task WaitClaimsAsync(Source source, int claims) =>
        Progress.WaitAsync(() => source.Claims, n => n >= claims, n => n, n => $"{n} claims, waiting for {claims}");

    /// <summary>Answers claim number n (from 1) with the script's unit (null: nothing to do; throw: the claim fails).</summary>
    private sealed class Source(Func<int, IWorkUnit?> script, TimeProvider? clock = null, string name = "scripted") : IWorkSource
    {
        private readonly ConcurrentQueue<DateTimeOffset> at = new();
        private int claims;

        public string Name => name;

        public int Claims => Volatile.Read(ref claims);

        /// <summary>The clock's time at each claim.</summary>
        public List<DateTimeOffset> At => [.. at];

        public Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
        {
            at.Enqueue((clock ?? TimeProvider.System).GetUtcNow());
            return Task.FromResult(script(Interlocked.Increment(ref claims)));
        }
    }

    /// <summary>Runs until the test finishes it (or fails with <paramref name="failure"/> at once).</summary>
    private sealed class Unit(Exception? failure = null) : IWorkUnit
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> stopSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => started.Task;

        public Task<bool> StopSeen => stopSeen.Task;

        public void Finish() => finish.TrySetResult();

        public async Task RunAsync(CancellationToken stop)
        {
            started.TrySetResult();
            if (failure is not null)
            {
                throw failure;
            }

            using var registration = stop.Register(() => stopSeen.TrySetResult(true));
            await finish.Task;
        }
    }
}
