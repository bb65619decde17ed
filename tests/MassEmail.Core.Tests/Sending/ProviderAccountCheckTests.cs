using MassEmail.Core.Errors;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Issue 11 items 2 and 3, before a send starts: the provider pre-check refuses only what the provider positively says
/// it cannot take, and never holds a StartMassSend longer than its read budget. (Through the gRPC stack:
/// Server.Tests SesFailureTests.)
/// </summary>
public sealed class ProviderAccountCheckTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task RequireRoomAsync_ProviderCannotTell_RefusesNothing()
    {
        var check = Check(new Provider(null));

        await check.RequireRoomAsync(1_000_000, () => Task.FromResult(1_000_000L), CancellationToken.None);

        Assert.Null(await check.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RequireRoomAsync_UpperBoundTooBigButExactCountFits_Passes()
    {
        var check = Check(new Provider(new TransportQuota(14, 200, 190)));
        var counted = 0;

        // 12 records before duplicates are taken out, 10 distinct addresses: 10 fit the 10 left.
        await check.RequireRoomAsync(12, () =>
        {
            counted++;
            return Task.FromResult(10L);
        }, CancellationToken.None);

        Assert.Equal(1, counted);
    }

    [Fact]
    public async Task RequireRoomAsync_FitsByUpperBound_NeverCountsExactly()
    {
        var check = Check(new Provider(new TransportQuota(14, double.PositiveInfinity, 5)));

        await check.RequireRoomAsync(1_000_000, () => throw new InvalidOperationException("the exact count was not needed"), CancellationToken.None);
    }

    [Fact]
    public async Task RequireRoomAsync_MoreThanTheQuotaLeft_FailedPreconditionWithWhatIsLeft()
    {
        var check = Check(new Provider(new TransportQuota(14, 200, 190.5)));

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() => check.RequireRoomAsync(12, () => Task.FromResult(11L), CancellationToken.None));

        Assert.Equal(("PROVIDER_DAILY_QUOTA", "provider"), (error.Type, error.Subject));
        Assert.StartsWith("The test account can send 9 more emails in its rolling 24 hours (Max24HourSend 200 − SentLast24Hours 190)", error.Message);
    }

    [Fact]
    public async Task RequireRoomAsync_Sandbox_FailedPreconditionBeforeAnyCount()
    {
        var check = Check(new Provider(new TransportQuota(1, 200, 0, ProductionAccessEnabled: false)));

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            check.RequireRoomAsync(1, () => throw new InvalidOperationException("a sandbox refuses whatever the count"), CancellationToken.None));

        Assert.Equal(("PROVIDER_SANDBOX", "provider"), (error.Type, error.Subject));
    }

    [Fact]
    public async Task RequireRoomAsync_SendingPaused_FailedPreconditionNamingIt()
    {
        var check = Check(new Provider(new TransportQuota(14, 200, 0, SendingEnabled: false)));

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() => check.RequireRoomAsync(1, () => Task.FromResult(1L), CancellationToken.None));

        Assert.Equal(("PROVIDER_SENDING_PAUSED", "provider"), (error.Type, error.Subject));
    }

    [Fact]
    public async Task ReadAsync_ProviderDoesNotAnswer_UnknownOnceTheBudgetIsSpent()
    {
        var check = Check(new Provider(quota: null, hang: true));

        var read = check.ReadAsync(CancellationToken.None);
        clock.Advance(ProviderAccountCheck.ReadBudget - TimeSpan.FromMilliseconds(1));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Null(await read);
    }

    private ProviderAccountCheck Check(IMailTransport transport) => new(transport, clock, NullLogger<ProviderAccountCheck>.Instance);

    private sealed class Provider(TransportQuota? quota, bool hang = false) : IMailTransport
    {
        public string Name => "test";

        public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct) => throw new NotSupportedException();

        public async Task<TransportQuota> GetQuotaAsync(CancellationToken ct)
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return quota ?? throw new InvalidOperationException("GetAccount failed");
        }
    }
}
