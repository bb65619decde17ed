namespace MassEmail.Core;

/// <summary>Time as the stores keep it.</summary>
public static class TimeProviderExtensions
{
    /// <summary>Now, truncated to whole milliseconds: the stores' precision, so a returned object equals its stored form.</summary>
    public static DateTimeOffset GetUtcNowMs(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
