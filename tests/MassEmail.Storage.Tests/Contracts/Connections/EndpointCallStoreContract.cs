using System.Collections.Concurrent;
using MassEmail.Core.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Connections;

/// <summary>
/// What every <see cref="IEndpointCallStore"/> must do: every window refuses at its limit and says when it has room
/// (a bucket — a sixtieth of the window, at least a second — after the vendor would), a call counts from its answer,
/// instances on one store together never let in more than a window's calls, a lock set by one keeps every instance off
/// the endpoint, and old calls stop counting. Times are virtual: each call passes its own "now".
/// </summary>
public abstract class EndpointCallStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    // 2026-01-01T10:00:00Z: a whole hour, so bucket starts are easy to name.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_767_261_600_000);
    private static readonly CallWindow Minute = new(3, TimeSpan.FromMinutes(1));
    private static readonly CallWindow Hour = new(5, TimeSpan.FromHours(1));

    private IEndpointCallStore Calls => Store<IEndpointCallStore>();

    [SkippableFact]
    public async Task TryEnter_EveryWindowAtItsLimit_RefusedUntilTheBucketThatBlocksLeavesIt()
    {
        var connection = NewConnection();
        CallWindow[] windows = [Minute, Hour];

        Assert.True(await EnterAsync(connection, windows, T0) && await EnterAsync(connection, windows, T0) && await EnterAsync(connection, windows, T0.AddMilliseconds(900)));
        var minute = await Calls.TryEnterAsync(connection, "json/listsubscribe", windows, T0.AddSeconds(30), Ct);
        // The calls' bucket (10:00:00–10:00:01) intersects every minute window ending before 10:01:01.
        Assert.Equal(new EndpointEntry(false, T0.AddSeconds(61)), minute);
        Assert.False(await EnterAsync(connection, windows, T0.AddSeconds(61).AddMilliseconds(-1)));
        Assert.True(await EnterAsync(connection, windows, T0.AddSeconds(61)));
        Assert.True(await EnterAsync(connection, windows, T0.AddSeconds(61)));

        // The hour: five calls, in the hour buckets 10:00 (3) and 10:01 (2); room once 10:00's leaves at 11:01.
        var hour = await Calls.TryEnterAsync(connection, "json/listsubscribe", windows, T0.AddMinutes(5), Ct);
        Assert.Equal(new EndpointEntry(false, T0.AddHours(1).AddMinutes(1)), hour);
        // Another endpoint, or another connection, has its own windows.
        Assert.True(await Calls.TryEnterAsync(connection, "json/listunsubscribe", windows, T0.AddMinutes(5), Ct) is { Entered: true });
        Assert.True(await EnterAsync(NewConnection(), windows, T0.AddMinutes(5)));

        Assert.True(await EnterAsync(connection, windows, T0.AddHours(1).AddMinutes(1)));
    }

    [SkippableFact]
    public async Task Answered_TheCallCountsFromItsAnswer_NotFromItsEntry()
    {
        var connection = NewConnection();
        CallWindow[] one = [new(1, TimeSpan.FromMinutes(1))];
        Assert.True(await EnterAsync(connection, one, T0));

        await Calls.AnsweredAsync(connection, "json/listsubscribe", one, T0, T0.AddSeconds(30), Ct);

        // Counted from its entry it would be gone at 10:01:01; from its answer it stays until 10:01:31.
        Assert.Equal(new EndpointEntry(false, T0.AddSeconds(91)), await Calls.TryEnterAsync(connection, "json/listsubscribe", one, T0.AddSeconds(61), Ct));
        Assert.True(await EnterAsync(connection, one, T0.AddSeconds(91)));
        // An answer in the entry's own bucket changes nothing.
        await Calls.AnsweredAsync(connection, "json/listsubscribe", one, T0.AddSeconds(91), T0.AddSeconds(91.5), Ct);
        Assert.Equal(new EndpointEntry(false, T0.AddSeconds(152)), await Calls.TryEnterAsync(connection, "json/listsubscribe", one, T0.AddSeconds(100), Ct));
    }

    [SkippableFact]
    public async Task TryEnter_TwoInstancesCallingAtOnce_TogetherNeverExceedAWindow_AndRefusalsGiveTheirCountBack()
    {
        var connection = NewConnection();
        CallWindow[] windows = [new(4, TimeSpan.FromMinutes(1)), new(10, TimeSpan.FromMinutes(5))];
        await using var other = Fixture.Store.Reopen();
        IEndpointCallStore[] instances = [Calls, other.Get<IEndpointCallStore>()];
        var admitted = new ConcurrentBag<DateTimeOffset>();

        // Every 5 virtual seconds for 8 minutes, six callers at once, three on each instance.
        for (var at = T0; at < T0.AddMinutes(8); at = at.AddSeconds(5))
        {
            var now = at;
            var entries = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
                instances[i % 2].TryEnterAsync(connection, "json/listsubscribe", windows, now, Ct))));
            foreach (var entry in entries.Where(e => e.Entered))
            {
                admitted.Add(now);
            }

            Assert.All(entries.Where(e => !e.Entered), e => Assert.True(e.RetryAt > now, $"refused at {now:O} with retry at {e.RetryAt:O}"));
        }

        foreach (var window in windows)
        {
            foreach (var end in admitted.Distinct())
            {
                Assert.InRange(admitted.Count(a => a > end - window.Period && a <= end), 1, window.Calls);
            }
        }

        Assert.NotEmpty(admitted);
        // Once every window is over, the refused calls left nothing counted: exactly the minute's four enter.
        var later = T0.AddMinutes(20);
        var after = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            after.Add((await instances[i % 2].TryEnterAsync(connection, "json/listsubscribe", windows, later, Ct)).Entered);
        }

        Assert.Equal([true, true, true, true, false], after);
    }

    [SkippableFact]
    public async Task Lock_SetByOneInstance_KeepsEveryInstanceOffTheEndpointUntilItEnds_AndIsNeverShortened()
    {
        var connection = NewConnection();
        await using var other = Fixture.Store.Reopen();
        var elsewhere = other.Get<IEndpointCallStore>();

        Assert.Equal(T0.AddMinutes(30), await Calls.LockAsync(connection, "json/listsubscribe", T0.AddMinutes(30), Ct));
        Assert.Equal(T0.AddMinutes(30), await elsewhere.LockAsync(connection, "json/listsubscribe", T0.AddMinutes(10), Ct));

        Assert.Equal(new EndpointEntry(false, T0.AddMinutes(30)), await elsewhere.TryEnterAsync(connection, "json/listsubscribe", [Minute], T0.AddMinutes(29), Ct));
        Assert.Equal(new EndpointEntry(false, T0.AddMinutes(30)), await elsewhere.TryEnterAsync(connection, "json/listsubscribe", [], T0.AddMinutes(29), Ct));
        Assert.True(await elsewhere.TryEnterAsync(connection, "addlistsubscribersinbulk", [Minute], T0.AddMinutes(29), Ct) is { Entered: true });
        Assert.True(await elsewhere.TryEnterAsync(connection, "json/listsubscribe", [Minute], T0.AddMinutes(30), Ct) is { Entered: true });
        Assert.Equal(T0.AddMinutes(45), await elsewhere.LockAsync(connection, "json/listsubscribe", T0.AddMinutes(45), Ct));
        Assert.Equal(new EndpointEntry(false, T0.AddMinutes(45)), await Calls.TryEnterAsync(connection, "json/listsubscribe", [Minute], T0.AddMinutes(31), Ct));
    }

    [SkippableFact]
    public async Task TryEnter_CallsOlderThanEveryWindow_NoLongerCount()
    {
        var connection = NewConnection();
        CallWindow[] windows = [Minute, Hour];
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await EnterAsync(connection, windows, T0.AddMinutes(2 * i)));
        }

        Assert.False(await EnterAsync(connection, windows, T0.AddMinutes(59)));

        // A day later every bucket has expired: the windows are whole again, and what expired no longer counts.
        var tomorrow = T0.AddDays(1);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await EnterAsync(connection, windows, tomorrow));
        }

        Assert.Equal(new EndpointEntry(false, tomorrow.AddSeconds(61)), await Calls.TryEnterAsync(connection, "json/listsubscribe", windows, tomorrow, Ct));
    }

    private static string NewConnection() => Guid.NewGuid().ToString("N");

    private async Task<bool> EnterAsync(string connection, IReadOnlyList<CallWindow> windows, DateTimeOffset now) =>
        (await Calls.TryEnterAsync(connection, "json/listsubscribe", windows, now, Ct)).Entered;
}
