using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// The account's rate comes from the provider. A provider that cannot tell at first (GetAccount failing, as SES
/// does when it is unreachable) is asked again, and its rate wins once it answers. The process's share of the
/// rate is kept in the store, and handed back when the process stops.
/// </summary>
public sealed class TransportLimiterTests
{
    [Fact]
    public async Task GetAsync_ProviderAnswers_SizesFromItsRateAndAsksOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var provider = new QuotaProvider(failures: 0, rate: 200);
        await using var limiters = Create(provider, new MemoryRateGroupStore(), clock);

        var first = await limiters.GetAsync(CancellationToken.None);
        Assert.Equal(200, first.CurrentRate);
        clock.Advance(TransportLimiter.RetryInterval * 3);

        Assert.Same(first, await limiters.GetAsync(CancellationToken.None));
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task GetAsync_ProviderFailsThenAnswers_DefaultRateUntilTheRetryThenTheProvidersRate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var provider = new QuotaProvider(failures: 2, rate: 200);
        await using var limiters = Create(provider, new MemoryRateGroupStore(), clock);

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
    public async Task GetAsync_GroupKey_IsTheTransportsNameUnlessConfigured()
    {
        var store = new MemoryRateGroupStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var byName = Create(new QuotaProvider(0, 200), store, clock);
        await using var configured = Create(new QuotaProvider(0, 300), store, clock, new SendingOptions { RateLimitGroup = "ses-eu-west-1" });

        await byName.GetAsync(CancellationToken.None);
        await configured.GetAsync(CancellationToken.None);

        Assert.Equal(200, Assert.Single(store["quota-provider"]!.Members).Share);
        Assert.Equal(300, Assert.Single(store["ses-eu-west-1"]!.Members).Share);
    }

    [Fact]
    public async Task GetAsync_SecondProcessOnTheStore_GetsNothingTheFirstHolds()
    {
        var store = new MemoryRateGroupStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var first = Create(new QuotaProvider(0, 200), store, clock);
        await using var second = Create(new QuotaProvider(0, 200), store, clock);

        Assert.Equal(200, (await first.GetAsync(CancellationToken.None)).CurrentRate);
        Assert.Equal(0, (await second.GetAsync(CancellationToken.None)).CurrentRate);

        Assert.Equal(200, store["quota-provider"]!.Members.Sum(m => m.Share));
    }

    [Fact]
    public async Task DisposeAsync_LastRequestFinishedAWindowAgo_RemovesItsEntryAtOnce()
    {
        var store = new MemoryRateGroupStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiters = Create(new QuotaProvider(0, 200), store, clock);
        var limiter = await limiters.GetAsync(CancellationToken.None);
        await limiter.AcquireAsync(CancellationToken.None);
        limiters.RequestFinished();
        clock.Advance(TimeSpan.FromSeconds(2));

        await limiters.DisposeAsync();

        Assert.Empty(store["quota-provider"]!.Members);
        Assert.Equal(0, limiter.CurrentRate);
    }

    private static TransportLimiter Create(IMailTransport provider, MemoryRateGroupStore store, TimeProvider clock, SendingOptions? options = null) =>
        new(provider, store, Options.Create(options ?? new SendingOptions { DefaultMaxSendRate = 14 }), clock, NullLogger<TransportLimiter>.Instance);

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
