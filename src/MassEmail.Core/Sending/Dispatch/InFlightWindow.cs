namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The rows of a claimed batch whose outcome is not stored yet, kept to at most <c>size</c> (the lane's Concurrency):
/// rows under the stored in-flight mark are either not started, running, or finished with an outcome waiting to be
/// stored. The mark is raised only together with storing the waiting outcomes, over as many rows as there are free
/// slots, so after a crash at most <c>size</c> rows of the batch can turn UNKNOWN.
/// </summary>
internal sealed class InFlightWindow(IReadOnlyList<Delivery> rows, int size)
{
    private readonly List<DeliveryOutcome> unstored = [];
    private int next;
    private int marked;

    /// <summary>Free slots worth a store write: half the window (at least one).</summary>
    public int StoreEvery { get; } = Math.Max(1, size / 2);

    public bool HasUnstarted => next < rows.Count;

    /// <summary>Every marked row has started and more rows are left: the mark must be raised before the next call.</summary>
    public bool NextNeedsMark => next == marked && next < rows.Count;

    public int UnstoredCount => unstored.Count;

    /// <summary>The slots free once the waiting outcomes are stored, with <paramref name="running"/> calls still running.</summary>
    public int FreeSlots(int running) => size - running;

    /// <summary>Covers the next rows, one per free slot; returns the new mark (the highest delivery id that may start).</summary>
    public string MarkNext(int running)
    {
        marked = Math.Min(rows.Count, next + Math.Max(1, FreeSlots(running)));
        return rows[marked - 1].Id;
    }

    /// <summary>The next marked row to start, if any.</summary>
    public bool TryStart(out Delivery delivery)
    {
        if (next < marked)
        {
            delivery = rows[next++];
            return true;
        }

        delivery = null!;
        return false;
    }

    /// <summary>A started row finished: its outcome waits to be stored (none: never attempted, it stays PENDING).</summary>
    public void Completed(DeliveryOutcome? outcome)
    {
        if (outcome is not null)
        {
            unstored.Add(outcome);
        }
    }

    /// <summary>The waiting outcomes, handed over to be stored.</summary>
    public List<DeliveryOutcome> TakeUnstored()
    {
        List<DeliveryOutcome> taken = [.. unstored];
        unstored.Clear();
        return taken;
    }
}
