using MassEmail.Ses.Api.Model;

namespace MassEmail.Ses.Sending;

/// <summary>
/// The last GetAccount answer, kept for <see cref="Lifetime"/>. GetAccount is asked before every mass send starts and
/// by every GetUsage, while SES limits its account APIs to a few calls per second: within the lifetime they share one
/// answer. The quota it reports may be that old, which a pre-check can live with (the send itself still pauses when SES
/// says the quota is used up).
/// </summary>
internal sealed class SesAccountCache(TimeProvider time)
{
    internal static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private (GetAccountResponse Account, long At)? last;

    public GetAccountResponse? Fresh()
    {
        lock (gate)
        {
            return last is { } l && time.GetElapsedTime(l.At) < Lifetime ? l.Account : null;
        }
    }

    public void Store(GetAccountResponse account)
    {
        lock (gate)
        {
            last = (account, time.GetTimestamp());
        }
    }

    /// <summary>SES said the quota is used up: the next reader must ask again.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            last = null;
        }
    }
}
