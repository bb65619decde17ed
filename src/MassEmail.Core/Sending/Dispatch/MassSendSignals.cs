using MassEmail.Core.Work;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The engine's wake-ups within this process: a send stored QUEUED or resumed wakes the snapshot lane; rows written
/// by a snapshot, a resume or a requeue wake the batch lanes. A send taken by this instance starts without waiting for
/// <see cref="SendingOptions.PollInterval"/>; other instances still find it by polling.
/// </summary>
public sealed class MassSendSignals
{
    public WorkSignal Snapshots { get; } = new();

    public WorkSignal Batches { get; } = new();
}
