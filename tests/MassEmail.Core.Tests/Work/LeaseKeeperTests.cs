using MassEmail.Core.Work;
using MassEmail.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Work;

/// <summary><see cref="LeaseKeeper"/> on a fake clock: renews every third of the lease, stops when a renewal finds the lease lost.</summary>
public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Start_ClockPassesAThirdOfTheLease_RenewsOncePerThird()
    {
        var renewals = 0;
        await using var keeper = LeaseKeeper.Start(Lease, clock, _ => Task.FromResult(Interlocked.Increment(ref renewals) > 0));

        clock.Advance(Lease / 3 - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, Volatile.Read(ref renewals));
        for (var i = 1; i <= 4; i++)
        {
            clock.Advance(i == 1 ? TimeSpan.FromMilliseconds(1) : Lease / 3);
            await Progress.WaitAsync(() => keeper.Renewals, n => n == i, n => n, n => $"{n} renewals, {i} expected");
        }

        Assert.False(keeper.IsLost);
    }

    [Fact]
    public async Task Start_RenewalFindsTheLeaseLost_LostCancelledAndNoFurtherRenewal()
    {
        var renewals = 0;
        await using var keeper = LeaseKeeper.Start(Lease, clock, _ => Task.FromResult(Interlocked.Increment(ref renewals) < 2));

        clock.Advance(Lease / 3);
        await Progress.WaitAsync(() => keeper.Renewals, n => n == 1, n => n, n => $"{n} renewals");
        Assert.False(keeper.Lost.IsCancellationRequested);
        clock.Advance(Lease / 3);
        await Progress.WaitAsync(() => keeper.IsLost, lost => lost, lost => lost, _ => "the lease is not reported lost");

        clock.Advance(3 * Lease);
        Assert.Equal(2, Volatile.Read(ref renewals));
    }

    [Fact]
    public async Task Start_RenewalThrows_TriedAgainAtTheNextTick()
    {
        var renewals = 0;
        await using var keeper = LeaseKeeper.Start(Lease, clock, _ =>
            Interlocked.Increment(ref renewals) == 1 ? throw new InvalidOperationException("the store is unreachable") : Task.FromResult(true));

        clock.Advance(Lease / 3);
        await Progress.WaitAsync(() => Volatile.Read(ref renewals), n => n == 1, n => n, n => $"{n} renewal attempts");
        await Progress.WaitAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                return keeper.Renewals;
            },
            n => n == 1,
            n => n,
            n => $"{n} renewals after a failed one");
        Assert.False(keeper.IsLost);
    }

    [Fact]
    public async Task DisposeAsync_WhileARenewalRuns_WaitsForItAndStops()
    {
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var keeper = LeaseKeeper.Start(Lease, clock, _ =>
        {
            started.TrySetResult();
            return release.Task;
        });
        clock.Advance(Lease / 3);
        await started.Task.WaitAsync(Progress.Stall);

        var disposing = keeper.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        release.SetResult(true);
        await disposing.WaitAsync(Progress.Stall);
        Assert.Equal(1, keeper.Renewals);
    }
}
