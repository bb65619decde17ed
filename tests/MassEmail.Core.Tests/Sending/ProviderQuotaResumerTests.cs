using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
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
    private readonly Sends store = new();

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_QuotaHasRoom_ResumesOnlySendsWaitingForIt()
    {
        var waiting = store.Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Amazon SES: Daily message quota exceeded."));
        var byUser = store.Add(SendState.Paused, "paused by a user");
        var notVerified = store.Add(SendState.Paused, "Amazon SES: SES refused an address as not verified");
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
        var waiting = store.Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));
        var provider = new Provider(new TransportQuota(14, max, sent, SendingEnabled: sendingEnabled));

        Assert.Equal(0, await Resumer(provider).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(waiting, store.Get(waiting.Id));
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_ProviderCannotTell_ResumesNothing()
    {
        var waiting = store.Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));

        Assert.Equal(0, await Resumer(new Provider(null)).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(waiting, store.Get(waiting.Id));
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_NothingWaiting_ProviderNotAsked()
    {
        store.Add(SendState.Paused, "paused by a user");
        var provider = new Provider(new TransportQuota(14, 200, 0));

        Assert.Equal(0, await Resumer(provider).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(0, provider.Asked);
    }

    [Fact]
    public async Task ResumeWhereQuotaAllowsAsync_SendMovedSinceListed_ItsMoveStands()
    {
        var waiting = store.Add(SendState.Paused, ProviderQuotaResumer.PauseReason("Daily message quota exceeded."));
        store.OnList = () => store.Put(waiting with { State = SendState.Cancelled, Version = waiting.Version + 1 });

        Assert.Equal(0, await Resumer(new Provider(new TransportQuota(14, 200, 0))).ResumeWhereQuotaAllowsAsync(CancellationToken.None));

        Assert.Equal(SendState.Cancelled, store.Get(waiting.Id).State);
    }

    [Fact]
    public void PauseReason_WithoutProviderWords_StillStartsWithThePrefix()
    {
        Assert.Equal(ProviderQuotaResumer.PauseReasonPrefix + "the provider refused more mail for now", ProviderQuotaResumer.PauseReason(" "));
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

    /// <summary>The two store methods the resumer uses, with the version check of the real ones.</summary>
    private sealed class Sends : IMassSendStore
    {
        private readonly List<MassSend> sends = [];

        public Action? OnList { get; set; }

        public MassSend Add(SendState state, string pauseReason)
        {
            var at = DateTimeOffset.UnixEpoch;
            var send = new MassSend(Ids.New(), Ids.New(), RecordModule.Candidates, Ids.New(), 1, AddressChoice.Organisation, AddressChoice.Account,
                Ids.New(), "{}", "{}", $"key-{sends.Count}", state, pauseReason, 10, new DateOnly(1970, 1, 1), 4, at, at, true, null, null, null);
            sends.Add(send);
            return send;
        }

        public MassSend Get(string id) => sends.Single(s => s.Id == id);

        public void Put(MassSend send) => sends[sends.FindIndex(s => s.Id == send.Id)] = send;

        public Task<IReadOnlyList<MassSend>> ListPausedAsync(string reasonPrefix, int limit, CancellationToken ct)
        {
            IReadOnlyList<MassSend> found = [.. sends.Where(s => s.State == SendState.Paused && s.PauseReason.StartsWith(reasonPrefix, StringComparison.Ordinal)).Take(limit)];
            OnList?.Invoke();
            return Task.FromResult(found);
        }

        public Task<WriteOutcome> ReplaceAsync(MassSend send, long expectedVersion, CancellationToken ct)
        {
            if (Get(send.Id).Version != expectedVersion)
            {
                return Task.FromResult(WriteOutcome.VersionMismatch);
            }

            Put(send);
            return Task.FromResult(WriteOutcome.Done);
        }

        public Task<MassSend> InsertOrGetAsync(MassSend send, CancellationToken ct) => throw new NotSupportedException();

        public Task<MassSend?> GetAsync(string orgId, string id, CancellationToken ct) => throw new NotSupportedException();

        public Task<MassSend?> GetByIdempotencyKeyAsync(string orgId, string idempotencyKey, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<MassSend>> ListAsync(string orgId, SendState? state, string? beforeId, int limit, CancellationToken ct) =>
            throw new NotSupportedException();

        public Task<MassSend?> ClaimSnapshotAsync(string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<MassSend>> ListSendingAsync(int limit, CancellationToken ct) => throw new NotSupportedException();
    }
}
