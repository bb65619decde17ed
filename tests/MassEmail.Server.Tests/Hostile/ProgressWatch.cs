namespace MassEmail.Server.Tests.Hostile;

// TEMPORARY until the test kit's progress helper lands: fails when a counter stops moving for a stall interval.
internal sealed class ProgressWatch(TimeSpan stall)
{
    private long last = long.MinValue;
    private DateTime since = DateTime.UtcNow;

    public void Observe(long counter, Func<string> what)
    {
        if (counter != last)
        {
            last = counter;
            since = DateTime.UtcNow;
        }
        else if (DateTime.UtcNow - since > stall)
        {
            throw new TimeoutException($"no progress for {stall}: {what()}");
        }
    }
}
