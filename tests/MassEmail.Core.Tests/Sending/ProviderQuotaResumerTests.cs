using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Issue 11 item 2: a send paused because the provider's 24-hour quota was used up resumes by itself once the provider
/// reports room again, and nothing else is resumed. (End to end on both stores: Server.Tests SesFailureTests.)
/// </summary>
public sealed class ProviderQuotaResumerTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UnixEpoch);
    private readonly MemorySends store = new();

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_QuotaHasRoom_ResumesOnlySendsWaitingForIt()
    {
        var waiting = Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Amazon SES: Daily message quota exceeded."));
        var byUser = Add(SendState.Paused, "paused by a user");
        var notVerified = Add(SendState.Paused, "Amazon SES: SES refused an address as not verified");
        var provider = new Provider(new TransportQuota(14, 200, 199));

        Assert.Equal(1, await Resumer(provider).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        var resumed = store.Get(waiting.Id);
        Assert.Equal((SendState.Sending, "", waiting.Version + 1), (resumed.State, resumed.PauseReason, resumed.Version));
        Assert.Equal(byUser, store.Get(byUser.Id));
        Assert.Equal(notVerified, store.Get(notVerified.Id));
    }

    [Theory]
    [InlineData(200, 200, true)] // used up
    [InlineData(200, 199.5, true)] // not room for one message
    [InlineData(200, 0, false)] // room, but SES has paused sending for the account
    public async Task ResumeWhereQuotaAllowsAsync_NoRoomForOneMoreOrSendingDisabled_ResumesNothing(double max, double sent, bool sendingEnabled)
    {
        var waiting = Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));
        var provider = new Provider(new TransportQuota(14, max, sent, SendingEnabled: sendingEnabled));

        Assert.Equal(0, await Resumer(provider).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(waiting, store.Get(waiting.Id));
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_ProviderCannotTell_ResumesNothing()
    {
        var waiting = Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));

        Assert.Equal(0, await Resumer(new Provider(null)).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(waiting, store.Get(waiting.Id));
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_NothingWaiting_ProviderNotAsked()
    {
        Add(SendState.Paused, "paused by a user");
        var provider = new Provider(new TransportQuota(14, 200, 0));

        Assert.Equal(0, await Resumer(provider).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(0, provider.Asked);
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_SendMovedSinceListed_ItsMoveStands()
    {
        var waiting = Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));
        store.OnList = () => store.Put(waiting with { State = SendState.Cancelled, Version = waiting.Version + 1 });

        Assert.Equal(0, await Resumer(new Provider(new TransportQuota(14, 200, 0))).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(SendState.Cancelled, store.Get(waiting.Id).State);
    }

    [Fact]
    public void PauseReason_WithoutProviderWords_StillStartsWithThePrefix()
    {
        Assert.Equal(ProviderQuotaResumer.PauseReasonPrefix + "the provider refused more mail for now", ProviderQuotaResumer.PauseReason(" "));
    }

    private MassSend Add(SendState state, string pauseReason)
    {
        var at = DateTimeOffset.UnixEpoch;
        var send = new MassSend(Ids.New(), Ids.New(), RecordModule.Candidates, Ids.New(), 1, AddressChoice.Organisation, AddressChoice.Account,
            Ids.New(), "{}", "{}", $"key-{Ids.New()}", state, pauseReason, 10, new DateOnly(1970, 1, 1), 4, at, at, true, null, null, null);
        store.Put(send);
        return send;
    }

    private ProviderQuotaResumer Resumer(Provider provider) =>
        new(store, new ProviderAccountCheck(provider, clock, NullLogger<ProviderAccountCheck>.Instance), clock, NullLogger<ProviderQuotaResumer>.Instance);

    private sealed class Provider(TransportQuota? quota) : IMailTransport
    {
        public int Asked { get; private set; }

        public string Name => "test";

        public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct) => throw new NotSupportedException();

        public Task<TransportQuota> GetQuotaAsync(CancellationToken ct)
        {
            Asked++;
            return quota is null ? throw new InvalidOperationException("GetAccount failed") : Task.FromResult(quota);
        }
    }
}
