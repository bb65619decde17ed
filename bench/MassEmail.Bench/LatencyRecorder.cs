namespace MassEmail.Bench;

/// <summary>
/// Every measured latency in a preallocated array (no allocation or lock while recording), plus
/// the count and first message of failed calls.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private const long NotRecorded = -1;

    private readonly long[] _ticks = NewSlots(capacity);
    private int _appended;
    private int _errors;
    private string? _firstError;

    public int Errors => Volatile.Read(ref _errors);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Records the latency of the request that owns <paramref name="slot"/>.</summary>
    public void Record(int slot, long ticks) => _ticks[slot] = ticks;

    /// <summary>Records a latency in the next free slot; false once the array is full.</summary>
    public bool Append(long ticks)
    {
        var slot = Interlocked.Increment(ref _appended) - 1;
        if (slot >= _ticks.Length)
        {
            return false;
        }

        _ticks[slot] = ticks;
        return true;
    }

    public void Fail(Exception exception)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, exception.Message, null);
    }

    /// <summary>Percentiles over the slots that were recorded (failed or unfinished requests have none).</summary>
    public LatencySummary Summarize() => Summarize(0, _ticks.Length);

    /// <summary>Percentiles over the recorded slots in [<paramref name="start"/>, start + <paramref name="count"/>).</summary>
    public LatencySummary Summarize(int start, int count)
    {
        var recorded = Array.FindAll(_ticks[start..Math.Min(_ticks.Length, start + count)], t => t != NotRecorded);
        return LatencySummary.FromTicks(recorded);
    }

    private static long[] NewSlots(int capacity)
    {
        var slots = new long[capacity];
        Array.Fill(slots, NotRecorded);
        return slots;
    }
}
