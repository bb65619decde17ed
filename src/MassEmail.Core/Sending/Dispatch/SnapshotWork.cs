using MassEmail.Core.Work;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>Audience snapshots of queued sends as leased work: each unit writes one send's snapshot (<see cref="SnapshotRunner"/>).</summary>
public sealed class SnapshotWork(SnapshotRunner runner) : IWorkSource
{
    public string Name => "send-snapshots";

    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct) =>
        await runner.ClaimAsync(worker, ct) is { } send ? new SnapshotUnit(runner, send) : null;

    private sealed class SnapshotUnit(SnapshotRunner runner, MassSend send) : IWorkUnit
    {
        public Task RunAsync(CancellationToken stop) => runner.RunAsync(send, stop);
    }
}
