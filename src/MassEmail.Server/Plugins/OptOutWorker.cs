using MassEmail.Core;
using MassEmail.Core.Work;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Plugins;

/// <summary>
/// Starts this instance's opt-out work on the engine's leased work loop: the consent outbox published to the campaign
/// tools (<see cref="OptOutPublisher"/>) and the tools' opt-outs polled back (<see cref="OptOutPoller"/>). The store's
/// leases decide who does what, so every instance runs this.
/// </summary>
public sealed class OptOutWorker(
    OptOutPublisher publisher, OptOutPoller poller, IOptions<OptOutOptions> options, TimeProvider time, ILogger<OptOutWorker> logger) : BackgroundService
{
    /// <summary>This process's worker name in the leases.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Ids.New()[^6..]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(
            new WorkLoop(publisher, 1, o.IdleDelay, time, logger).RunAsync(WorkerId, stoppingToken),
            new WorkLoop(poller, 1, o.IdleDelay, time, logger).RunAsync(WorkerId, stoppingToken));
    }
}
