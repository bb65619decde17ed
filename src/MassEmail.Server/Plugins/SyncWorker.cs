using MassEmail.Core;
using MassEmail.Core.Work;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Plugins;

/// <summary>
/// Runs due sync runs (<see cref="SyncRunner"/>) on a work loop, one at a time per instance; instances on one store
/// share the runs through their leases. Off with <c>Plugins:Syncs:Enabled=false</c>.
/// </summary>
public sealed class SyncWorker(SyncRunner runner, IOptions<SyncRunOptions> options, TimeProvider time, ILogger<SyncWorker> logger) : BackgroundService
{
    /// <summary>This process's worker name in the leases.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Ids.New()[^6..]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? new WorkLoop(runner, 1, options.Value.IdleDelay, time, logger).RunAsync(WorkerId, stoppingToken)
            : Task.CompletedTask;
}
