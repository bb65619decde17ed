using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// The limiter's size comes from the provider. A provider that cannot tell at first (GetAccount
/// failing, as SES does when it is unreachable) is asked again, and its rate wins once it answers.
/// </summary>
public sealed class TransportLimiterTests
{
    [Fact]
    public async Task GetAsync_ProviderAnswers_SizesFromItsRateAndAsksOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var provider = new QuotaProvider(failures: 0, rate: 200);
        var limiters = new TransportLimiter(provider, Options.Create(new SendingOptions { DefaultMaxSendRate = 14 }), clock);

        var first = await limiters.GetAsync(CancellationToken.None);
        clock.Advance(TransportLimiter.RetryInterval * 3);

        Assert.Same(first, await limiters.GetAsync(CancellationToken.None));
        Assert.Equal(200, first.CurrentRate);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task GetAsync_ProviderFailsThenAnswers_DefaultRateUntilTheRetryThenTheProvidersRate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var provider = new QuotaProvider(failures: 2, rate: 200);
        var limiters = new TransportLimiter(provider, Options.Create(new SendingOptions { DefaultMaxSendRate = 14 }), clock);

        var limiter = await limiters.GetAsync(CancellationToken.None);
        Assert.Equal(14, limiter.CurrentRate);
        Assert.Equal(14, (await limiters.GetAsync(CancellationToken.None)).CurrentRate);
        Assert.Equal(1, provider.Calls);

        clock.Advance(TransportLimiter.RetryInterval);
        Assert.Equal(14, (await limiters.GetAsync(CancellationToken.None)).CurrentRate);
        Assert.Equal(2, provider.Calls);

        clock.Advance(TransportLimiter.RetryInterval);
        Assert.Same(limiter, await limiters.GetAsync(CancellationToken.None));
        Assert.Equal(200, limiter.CurrentRate);
        Assert.Equal(3, provider.Calls);

        clock.Advance(TransportLimiter.RetryInterval * 5);
        await limiters.GetAsync(CancellationToken.None);
        Assert.Equal(3, provider.Calls);
    }

    [Fact]
    public async Task Resize_Lower_NeverGrantsMoreThanTheNewRateInOneSecond()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(20, clock, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
        }

        limiter.Resize(6);
        var granted = 0;
        while (limiter.AcquireAsync(CancellationToken.None) is { IsCompleted: true })
        {
            granted++;
        }

        Assert.Equal(1, granted);
        Assert.Equal(6, limiter.CurrentRate);
    }

    /// <summary>A provider whose GetAccount fails <c>failures</c> times before it answers.</summary>
    private sealed class QuotaProvider(int failures, double rate) : IMailTransport
    {
        public int Calls { get; private set; }

        public string Name => "quota-provider";

        public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct) => throw new NotSupportedException();

        public Task<TransportQuota> GetQuotaAsync(CancellationToken ct) =>
            ++Calls <= failures
                ? Task.FromException<TransportQuota>(new HttpRequestException("no answer"))
                : Task.FromResult(new TransportQuota(rate, 50_000, 0));
    }
}
