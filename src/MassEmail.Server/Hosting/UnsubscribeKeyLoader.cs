using MassEmail.Core.OptOut;

namespace MassEmail.Server.Hosting;

/// <summary>
/// Loads the unsubscribe key ring before the server sends or serves anything (after the store initialiser, by
/// registration order), and reads it again every <see cref="Refresh"/>, so a key rotated by the admin command signs in
/// every running instance soon after; until then the old key still signs, and verifies everywhere.
/// </summary>
internal sealed class UnsubscribeKeyLoader(UnsubscribeKeys keys, TimeProvider time, ILogger<UnsubscribeKeyLoader> log) : BackgroundService
{
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var ring = await keys.LoadAsync(cancellationToken);
        log.LogInformation("Unsubscribe links are signed with key {KeyId} ({Count} keys verify)", ring.Current.Id, ring.Keys.Count(k => k.RetiredAt is null));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A delay per round, not a PeriodicTimer: a clock that jumps (tests move a fake clock by years) ends one delay,
        // where a periodic timer would fire once for every period the jump skipped.
        while (true)
        {
            await Task.Delay(Refresh, time, stoppingToken);
            try
            {
                await keys.LoadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The ring in memory keeps signing and verifying; the next tick tries again.
                log.LogWarning(e, "Reading the unsubscribe key ring failed");
            }
        }
    }
}
