using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The one rate limiter of the process's transport. The account's rate is the provider's MaxSendRate, asked on
/// first use; this process gets its share of it from the store (<see cref="RateShareCoordinator"/>), beside the
/// other instances sending through the same account, so that together they never exceed it. When the provider
/// cannot tell (GetAccount failed), the rate is <see cref="SendingOptions.DefaultMaxSendRate"/> and the provider is
/// asked again every <see cref="RetryInterval"/> until it answers; then its rate is shared instead. Every request
/// sent through the transport must take a permit first; the transport reports when it finished.
/// </summary>
public sealed partial class TransportLimiter(
    [FromKeyedServices(RateLimitedMailTransport.ProviderKey)] IMailTransport transport,
    IRateGroupStore groups,
    IOptions<SendingOptions> options,
    TimeProvider time,
    ILogger<TransportLimiter> logger) : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a graceful stop may take to hand this process's share back.</summary>
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private SendRateLimiter? limiter;
    private RateShareCoordinator? coordinator;
    private Task? beating;
    // When to ask the provider again (a Stopwatch timestamp); 0 while the provider's rate is in force.
    private long retryAt;

    /// <summary>The account's group in the store: <see cref="SendingOptions.RateLimitGroup"/>, or the transport's name.</summary>
    public string GroupKey => options.Value.RateLimitGroup is { Length: > 0 } group ? group : transport.Name;

    /// <summary>The limiter, for a sender about to send (which counts as demand for a share of the rate).</summary>
    public async ValueTask<SendRateLimiter> GetAsync(CancellationToken ct)
    {
        if (limiter is not null)
        {
            limiter.NoteDemand();
            var at = Volatile.Read(ref retryAt);
            if (at == 0 || time.GetTimestamp() < at)
            {
                return limiter;
            }
        }

        await gate.WaitAsync(ct);
        try
        {
            if (limiter is null || (retryAt != 0 && time.GetTimestamp() >= retryAt))
            {
                var rate = await ProviderRateAsync(ct);
                Volatile.Write(ref retryAt, rate is null ? time.GetTimestamp() + (long)(RetryInterval.TotalSeconds * time.TimestampFrequency) : 0);
                var accountRate = (int)Math.Floor(rate ?? options.Value.DefaultMaxSendRate);
                if (coordinator is null)
                {
                    await JoinAsync(accountRate, ct);
                }
                else
                {
                    if (rate is not null)
                    {
                        coordinator.AccountRate = accountRate;
                    }

                    // The share follows the provider's rate now rather than at the next beat.
                    await BeatOrLogAsync(coordinator, ct);
                }
            }

            return limiter!;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A request that took a permit has finished (<see cref="RateLimitedMailTransport"/> reports every one).</summary>
    public void RequestFinished() => limiter?.Finished();

    /// <summary>Stops beating and hands the share back (waiting for this process's last grants to leave the window).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!await StopBeatingAsync())
        {
            return;
        }

        using var timeout = new CancellationTokenSource(LeaveTimeout);
        try
        {
            await coordinator!.LeaveAsync(timeout.Token);
        }
        catch (Exception e)
        {
            // The entry stays; the others take the share over once they see its beat stand still.
            LogLeaveFailed(logger, e, GroupKey);
        }
    }

    /// <summary>
    /// Stops beating without handing the share back: the others take it over once they see the beat stand still. Does
    /// not wait for the beat loop (it ends at its next await): blocking a synchronous dispose on async work can deadlock
    /// a caller whose synchronization context the loop's continuations need.
    /// </summary>
    public void Dispose() => stopping.Cancel();

    /// <summary>The first use: a limiter that has its share from the first beat on (the whole rate when this process is alone).</summary>
    private async Task JoinAsync(int accountRate, CancellationToken ct)
    {
        // Exactly one second: each permit counts until a window after its request finished, so no margin for delays is needed.
        var created = new SendRateLimiter(time, TimeSpan.FromSeconds(1), countsRequests: true);
        var joined = new RateShareCoordinator(groups, GroupKey, created, accountRate, time, logger);
        await BeatOrLogAsync(joined, ct);
        (limiter, coordinator) = (created, joined);
        beating = Task.Run(() => joined.RunAsync(stopping.Token), CancellationToken.None);
    }

    private async Task BeatOrLogAsync(RateShareCoordinator beater, CancellationToken ct)
    {
        try
        {
            await beater.BeatAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Senders wait for a share; the beat loop keeps asking for one.
            LogBeatFailed(logger, e, GroupKey);
        }
    }

    /// <summary>True when the limiter was in use (and its beats are now stopped).</summary>
    private async ValueTask<bool> StopBeatingAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return false;
        }

        await stopping.CancelAsync();
        if (beating is null)
        {
            return false;
        }

        await beating;
        return true;
    }

    /// <summary>The provider's MaxSendRate; null when it cannot tell (an error, or no finite rate).</summary>
    private async Task<double?> ProviderRateAsync(CancellationToken ct)
    {
        try
        {
            var rate = (await transport.GetQuotaAsync(ct)).MaxSendRate;
            return rate is >= 1 and < double.PositiveInfinity ? rate : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this process's share of send rate group {Key}; the beat loop tries again.")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand back this process's share of send rate group {Key}; the others take it over once its beat stands still.")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string key);
}
