namespace MassEmail.Testing;

/// <summary>Counting events in a window that slides over every event: a rate limit's invariant, checked on a log of timestamps.</summary>
public static class SlidingWindow
{
    /// <summary>
    /// The most events within any half-open window [t, t + <paramref name="window"/>) of the sorted timestamps, and the
    /// index of the first event of the first such window (0 when there are none).
    /// </summary>
    public static (int Count, int Start) Busiest(IReadOnlyList<long> sorted, long window)
    {
        var (most, start, first) = (0, 0, 0);
        for (var last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= window)
            {
                first++;
            }

            if (last - first + 1 > most)
            {
                (most, start) = (last - first + 1, first);
            }
        }

        return (most, start);
    }
}
