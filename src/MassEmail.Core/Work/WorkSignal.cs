namespace MassEmail.Core.Work;

/// <summary>
/// Tells this process's idle <see cref="WorkLoop"/> lanes that there may be work to claim now, so they claim at once
/// instead of at the end of their idle delay. Only a hint: other instances on the store find the work at their next
/// poll, and a lane that finds nothing waits again.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes at the next <see cref="Set"/>. A lane reads it before it claims: a signal given while the claim runs
    /// then ends the lane's wait at once instead of being missed.
    /// </summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Wakes every lane waiting on <see cref="Next"/>.</summary>
    public void Set() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
