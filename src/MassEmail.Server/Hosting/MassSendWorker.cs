using MassEmail.Core;
using MassEmail.Core.Sending.Dispatch;

namespace MassEmail.Server.Hosting;

/// <summary>
/// Starts this instance's mass send engine (<see cref="MassSendEngine"/>, leased work loops in Core) with this
/// process's worker name, and stops it cooperatively with the host.
/// </summary>
public sealed class MassSendWorker(MassSendEngine engine, SnapshotRunner snapshots) : BackgroundService
{
    /// <summary>This process's worker name in claims and leases.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Ids.New()[^6..]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => engine.RunAsync(WorkerId, stoppingToken);

    /// <summary>Writes the snapshots of queued sends (and of sends whose snapshot worker stopped), for tests that run the engine's steps themselves; true when there was one.</summary>
    public async Task<bool> RunSnapshotsOnceAsync(CancellationToken ct)
    {
        var worked = false;
        while (await snapshots.RunOnceAsync(WorkerId, ct))
        {
            worked = true;
        }

        return worked;
    }
}
