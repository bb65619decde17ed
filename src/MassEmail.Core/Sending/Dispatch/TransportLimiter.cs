using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The one rate limiter of the process's transport, sized from the provider's MaxSendRate on first
/// use. When the provider cannot tell (GetAccount failed), the limiter runs at
/// <see cref="SendingOptions.DefaultMaxSendRate"/> and the provider is asked again every
/// <see cref="RetryInterval"/> until it answers; then the limiter takes the provider's rate.
/// </summary>
public sealed class TransportLimiter(IMailTransport transport, IOptions<SendingOptions> options, TimeProvider time)
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private SendRateLimiter? limiter;
    // When to ask the provider again (a Stopwatch timestamp); 0 while the provider's rate is in force.
    private long retryAt;

    public async ValueTask<SendRateLimiter> GetAsync(CancellationToken ct)
    {
        if (limiter is not null)
        {
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
                if (limiter is null)
                {
                    limiter = new SendRateLimiter(rate ?? options.Value.DefaultMaxSendRate, time);
                }
                else if (rate is not null)
                {
                    limiter.Resize(rate.Value);
                }
            }

            return limiter;
        }
        finally
        {
            gate.Release();
        }
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
}
