using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// The bound behind "UNKNOWN only for mail that may have left": used as the dispatcher uses it (outcomes stored
/// whenever the mark is raised), the rows under the mark without a stored outcome never exceed the window.
/// </summary>
public sealed class InFlightWindowTests
{
    [Fact]
    public void MarkNext_AfterOutcomesAreStored_CoversOneRowPerFreeSlot()
    {
        List<Delivery> rows = Rows(20);
        var window = new InFlightWindow(rows, 8);

        Assert.True(window.NextNeedsMark);
        Assert.Equal(rows[7].Id, window.MarkNext(running: 0));
        var started = StartAll(window);
        Assert.Equal(8, started.Count);
        Assert.True(window.NextNeedsMark);

        // Five calls finished, three still run: the next mark covers five more rows.
        foreach (var d in started.Take(5))
        {
            window.Completed(Sent(d));
        }

        Assert.Equal(5, window.TakeUnstored().Count);
        Assert.Equal(rows[12].Id, window.MarkNext(running: 3));
        Assert.Equal(5, StartAll(window).Count);
        Assert.Equal(4, window.StoreEvery);
    }

    [Fact]
    public void Completed_NeverAttempted_WaitsForNoStore()
    {
        var window = new InFlightWindow(Rows(2), 2);
        window.MarkNext(0);
        StartAll(window);

        window.Completed(null);

        Assert.Equal(0, window.UnstoredCount);
        Assert.False(window.HasUnstarted);
    }

    [Theory]
    [InlineData(1, 50, 1)]
    [InlineData(8, 50, 2)]
    [InlineData(8, 50, 3)]
    [InlineData(32, 1000, 4)]
    public void RandomCompletionOrder_RowsUnderTheMarkWithoutStoredOutcome_NeverExceedTheWindow(int size, int count, int seed)
    {
        var random = new Random(seed);
        List<Delivery> rows = Rows(count);
        var window = new InFlightWindow(rows, size);
        var running = new List<Delivery>();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var startedIds = new List<string>();
        string? mark = null;

        while (window.HasUnstarted || running.Count > 0)
        {
            // The dispatcher's protocol: raise the mark (storing what waits) once enough slots are free.
            if (window.NextNeedsMark && (window.FreeSlots(running.Count) >= window.StoreEvery || running.Count == 0))
            {
                stored.UnionWith(window.TakeUnstored().Select(o => o.DeliveryId));
                var next = window.MarkNext(running.Count);
                Assert.True(mark is null || string.CompareOrdinal(next, mark) > 0);
                mark = next;
            }

            foreach (var d in StartAll(window))
            {
                running.Add(d);
                startedIds.Add(d.Id);
            }

            // What a crash now would turn UNKNOWN: rows up to the mark without a stored outcome.
            var exposed = rows.Count(d => mark is not null && string.CompareOrdinal(d.Id, mark) <= 0 && !stored.Contains(d.Id));
            Assert.InRange(exposed, 0, size);

            if (running.Count > 0)
            {
                var finished = running[random.Next(running.Count)];
                running.Remove(finished);
                window.Completed(Sent(finished));
            }
        }

        stored.UnionWith(window.TakeUnstored().Select(o => o.DeliveryId));
        Assert.Equal(rows.Select(d => d.Id), startedIds);
        Assert.Equal(count, stored.Count);
    }

    private static List<Delivery> StartAll(InFlightWindow window)
    {
        var started = new List<Delivery>();
        while (window.TryStart(out var d))
        {
            started.Add(d);
        }

        return started;
    }

    private static DeliveryOutcome Sent(Delivery d) => new(d.Id, DeliveryState.Sent, SkipReason.None, 1, "m", "");

    private static List<Delivery> Rows(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new Delivery(
            $"{i:x24}", "org", "send", $"r{i}", $"r{i}@example.com", DeliveryState.Pending, SkipReason.None, 0, null, null, "", "", DateTimeOffset.UnixEpoch)),
    ];
}
