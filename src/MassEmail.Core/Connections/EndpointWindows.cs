namespace MassEmail.Core.Connections;

/// <summary>
/// The bucket arithmetic every <see cref="IEndpointCallStore"/> shares. A window of period P counts calls in buckets of
/// P / 60 (at least a second), aligned on the Unix epoch; a bucket counts in the window ending at t while it intersects
/// (t − P, t], that is until its start + bucket + P (its expiry). A call is thus remembered for at most P plus one
/// bucket: a window admits a little less than the vendor would, never more.
/// </summary>
public static class EndpointWindows
{
    /// <summary>How many buckets a window is cut into.</summary>
    public const int BucketsPerWindow = 60;

    private const long MinBucketMilliseconds = 1000;

    /// <summary>The length of a bucket of <paramref name="window"/>, in milliseconds.</summary>
    public static long BucketMilliseconds(CallWindow window) =>
        Math.Max(MinBucketMilliseconds, (long)window.Period.TotalMilliseconds / BucketsPerWindow);

    /// <summary>The start of the bucket of <paramref name="window"/> that holds <paramref name="at"/>.</summary>
    public static DateTimeOffset BucketStart(CallWindow window, DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - Mod(ms, BucketMilliseconds(window)));
    }

    /// <summary>When the bucket of <paramref name="window"/> starting at <paramref name="start"/> stops counting.</summary>
    public static DateTimeOffset ExpiresAt(CallWindow window, DateTimeOffset start) =>
        start + TimeSpan.FromMilliseconds(BucketMilliseconds(window)) + window.Period;

    /// <summary>When a bucket of the window of period <paramref name="periodMilliseconds"/> starting at <paramref name="start"/> stops counting.</summary>
    public static DateTimeOffset ExpiresAt(long periodMilliseconds, DateTimeOffset start) =>
        ExpiresAt(new CallWindow(1, TimeSpan.FromMilliseconds(periodMilliseconds)), start);

    /// <summary>The window's identity among an endpoint's windows (its period in milliseconds).</summary>
    public static long PeriodMilliseconds(CallWindow window) => (long)window.Period.TotalMilliseconds;

    /// <summary>
    /// When every one of <paramref name="windows"/> has room for one more call, given an endpoint's buckets (the period
    /// of the window each counts for, its start, its calls): <paramref name="now"/> if they all have room already.
    /// </summary>
    public static DateTimeOffset RoomAt(
        IReadOnlyList<CallWindow> windows, IReadOnlyCollection<(long Period, DateTimeOffset Start, long Calls)> buckets, DateTimeOffset now)
    {
        var roomAt = now;
        foreach (var window in windows)
        {
            var period = PeriodMilliseconds(window);
            var at = RoomAt(window, buckets.Where(b => b.Period == period).Select(b => (b.Start, b.Calls)), now);
            roomAt = at > roomAt ? at : roomAt;
        }

        return roomAt;
    }

    /// <summary>
    /// When <paramref name="window"/> has room for one more call, given the calls in its buckets (start, count) that
    /// have not expired by <paramref name="now"/>: <paramref name="now"/> if it has room already, else the expiry of
    /// the bucket whose leaving makes room.
    /// </summary>
    private static DateTimeOffset RoomAt(CallWindow window, IEnumerable<(DateTimeOffset Start, long Calls)> buckets, DateTimeOffset now)
    {
        var live = buckets.Where(b => b.Calls > 0 && ExpiresAt(window, b.Start) > now).OrderBy(b => b.Start).ToList();
        var counted = live.Sum(b => b.Calls);
        var roomAt = now;
        foreach (var (start, calls) in live)
        {
            if (counted < window.Calls)
            {
                break;
            }

            counted -= calls;
            roomAt = ExpiresAt(window, start);
        }

        return roomAt;
    }

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
