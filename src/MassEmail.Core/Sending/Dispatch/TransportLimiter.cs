using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>The one rate limiter of the process's transport, sized from the provider's MaxSendRate on first use.</summary>
public sealed class TransportLimiter(IMailTransport transport, IOptions<SendingOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SendRateLimiter? limiter;

    public async ValueTask<SendRateLimiter> GetAsync(CancellationToken ct)
    {
        if (limiter is not null)
        {
            return limiter;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (limiter is null)
            {
                double rate;
                try
                {
                    rate = (await transport.GetQuotaAsync(ct)).MaxSendRate;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    rate = options.Value.DefaultMaxSendRate;
                }

                limiter = new SendRateLimiter(rate is >= 1 and < double.PositiveInfinity ? rate : options.Value.DefaultMaxSendRate, time);
            }

            return limiter;
        }
        finally
        {
            gate.Release();
        }
    }
}
