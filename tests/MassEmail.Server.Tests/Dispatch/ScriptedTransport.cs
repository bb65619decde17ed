using System.Collections.Concurrent;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// The provider behind the rate limiter, answering each attempt from a script of (recipient, attempt number from 1):
/// for unit tests of the dispatcher, whose clock is fake (an HTTP fake SES would wait on real time).
/// </summary>
/// <param name="maxSendRate">The account's rate it reports (the rate limiter's rate).</param>
internal sealed class ScriptedTransport(Func<string, int, SendResult> answer, double maxSendRate = 1000) : IMailTransport
{
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private int calls;

    public string Name => "scripted";

    /// <summary>Attempts so far, all recipients together.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Recipients attempted at least once.</summary>
    public int Recipients => attempts.Count;

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var attempt = attempts.AddOrUpdate(message.To, 1, (_, n) => n + 1);
        var result = answer(message.To, attempt);
        Interlocked.Increment(ref calls);
        return Task.FromResult(result);
    }

    /// <summary>
    /// The real server on <paramref name="store"/> with <paramref name="settings"/> and its own engine running, sending
    /// through a transport that accepts every message at <paramref name="maxSendRate"/> a second (the test is skipped,
    /// with the reason, where the store is not available).
    /// </summary>
    public static MassEmailServer StartAccepting(StoreKind store, IDictionary<string, string?> settings, double maxSendRate)
    {
        var reason = MassEmailServer.UnavailableReason(store);
        Skip.If(reason is not null, reason);
        var transport = new ScriptedTransport((_, _) => SendResult.Sent($"m-{Guid.NewGuid():N}"), maxSendRate);
        return new MassEmailServer(store, settings, transport.Register);
    }

    /// <summary>Makes this the provider behind the server's rate limiter.</summary>
    public void Register(IServiceCollection services) => services.AddKeyedSingleton<IMailTransport>(RateLimitedMailTransport.ProviderKey, this);

    public Task<TransportQuota> GetQuotaAsync(CancellationToken ct) =>
        Task.FromResult(new TransportQuota(MaxSendRate: maxSendRate, Max24HourSend: double.PositiveInfinity, SentLast24Hours: 0));
}
