using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>What every <see cref="IMassSendStore"/> must do: idempotent start, listings, versioned writes and the snapshot job lease.</summary>
public abstract class MassSendStoreContract(StoreFixture fixture) : SendingContract(fixture)
{
    [SkippableFact]
    public async Task InsertOrGetAsync_NewKey_StoresEveryField()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);
        MassSend send = SendingData.Send(orgId, user.Id) with
        {
            Module = RecordModule.Contacts,
            TemplateVersion = 5_000_000_000,
            FromChoice = AddressChoice.Template,
            ReplyToChoice = AddressChoice.RecordOwner,
            State = SendState.Paused,
            PauseReason = "Ünïcødé reason",
            Reserved = 3_000_000_000,
            QuotaDay = new DateOnly(2030, 2, 28),
            Version = 7,
            UpdatedAt = TestData.Now().AddMinutes(3),
            SnapshotOwner = "worker-a",
            SnapshotLeaseUntil = TestData.Now().AddMinutes(10),
            RequestFingerprint = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            SnapshotError = "Ünïcødé failure",
            BatchError = "Ünïcødé batch failure",
        };

        Assert.Equal(send, await Sends.InsertOrGetAsync(send, Ct));

        Assert.Equal(send, await Sends.GetAsync(orgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertOrGetAsync_KeyUsedBefore_ReturnsFirstSendAndStoresNothing()
    {
        MassSend first = await InsertSendAsync();
        MassSend again = SendingData.Send(first.OrgId, first.CreatedByUserId, first.IdempotencyKey) with { Reserved = 999, RequestFingerprint = "other" };

        // The first send comes back with its own fingerprint, for Core to compare with the new request's.
        Assert.Equal(first, await Sends.InsertOrGetAsync(again, Ct));

        Assert.Null(await Sends.GetAsync(first.OrgId, again.Id, Ct));
        Assert.Equal([first], await Sends.ListAsync(first.OrgId, null, null, 10, Ct));
    }

    /// <summary>Sends stored before fingerprints existed have none, and keep none through later writes.</summary>
    [SkippableFact]
    public async Task InsertOrGetAsync_NoFingerprint_ReadsBackNullThroughReplace()
    {
        MassSend send = await InsertSendAsync(change: s => s with { RequestFingerprint = null });
        MassSend paused = send.Pause("by a user", send.UpdatedAt.AddSeconds(1));

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(paused, send.Version, Ct));

        Assert.Equal(paused, await Sends.GetAsync(send.OrgId, send.Id, Ct));
        Assert.Null((await Sends.GetByIdempotencyKeyAsync(send.OrgId, send.IdempotencyKey, Ct))!.RequestFingerprint);
    }

    [SkippableFact]
    public async Task InsertOrGetAsync_KeyOfChangedSend_ReturnsItAsStoredNow()
    {
        MassSend first = await InsertSendAsync();
        MassSend paused = first.Pause("by a user", first.UpdatedAt.AddSeconds(1));
        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(paused, first.Version, Ct));

        MassSend returned = await Sends.InsertOrGetAsync(SendingData.Send(first.OrgId, first.CreatedByUserId, first.IdempotencyKey), Ct);

        Assert.Equal(paused, returned);
    }

    [SkippableFact]
    public async Task InsertOrGetAsync_SameKeyInOtherOrg_StoresBoth()
    {
        MassSend first = await InsertSendAsync();

        MassSend other = await InsertSendAsync(change: s => s with { IdempotencyKey = first.IdempotencyKey });

        Assert.Equal(first, await Sends.GetAsync(first.OrgId, first.Id, Ct));
        Assert.Equal(other, await Sends.GetAsync(other.OrgId, other.Id, Ct));
    }

    /// <summary>
    /// Deliberately not gated on unique secondary indexes: an adapter must settle this race even on a
    /// server without them (the Mongo adapter keys the race on <c>_id</c>).
    /// </summary>
    [SkippableFact]
    public async Task InsertOrGetAsync_ConcurrentCallsWithSameKey_AllGetTheOneStoredSend()
    {
        var orgId = await NewOrgAsync();
        User user = await NewUserAsync(orgId);
        for (var round = 0; round < 5; round++)
        {
            var key = $"race-{round}-{Guid.NewGuid():N}";
            MassSend[] attempts = [.. Enumerable.Range(0, 10).Select(_ => SendingData.Send(orgId, user.Id, key))];

            MassSend[] results = await Race.RunAsync(attempts.Length, i => Sends.InsertOrGetAsync(attempts[i], Ct));

            MassSend stored = Assert.Single(await Sends.ListAsync(orgId, null, null, 100, Ct), s => s.IdempotencyKey == key);
            Assert.Contains(stored.Id, attempts.Select(a => a.Id));
            Assert.All(results, r => Assert.Equal(stored, r));
            Assert.Equal(stored, await Sends.GetByIdempotencyKeyAsync(orgId, key, Ct));
        }

        Assert.Equal(5, (await Sends.ListAsync(orgId, null, null, 100, Ct)).Count);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Sends.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_SendOfOtherOrg_ReturnsNull()
    {
        MassSend send = await InsertSendAsync();

        Assert.Null(await Sends.GetAsync(await NewOrgAsync(), send.Id, Ct));
    }

    [SkippableFact]
    public async Task GetByIdempotencyKeyAsync_StoredKey_ReturnsSendOnlyInItsOrg()
    {
        MassSend send = await InsertSendAsync();

        Assert.Equal(send, await Sends.GetByIdempotencyKeyAsync(send.OrgId, send.IdempotencyKey, Ct));
        Assert.Null(await Sends.GetByIdempotencyKeyAsync(send.OrgId, send.IdempotencyKey + "x", Ct));
        Assert.Null(await Sends.GetByIdempotencyKeyAsync(send.OrgId, send.IdempotencyKey.ToUpperInvariant(), Ct));
        Assert.Null(await Sends.GetByIdempotencyKeyAsync(await NewOrgAsync(), send.IdempotencyKey, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_NoState_ReturnsNewestFirstInPagesOfOrgOnly()
    {
        var orgId = await NewOrgAsync();
        List<MassSend> sends = [];
        for (var i = 0; i < 5; i++)
        {
            sends.Add(await InsertSendAsync(orgId));
        }

        await InsertSendAsync();
        sends.Reverse();

        IReadOnlyList<MassSend> first = await Sends.ListAsync(orgId, null, null, 2, Ct);
        IReadOnlyList<MassSend> second = await Sends.ListAsync(orgId, null, first[^1].Id, 2, Ct);
        IReadOnlyList<MassSend> last = await Sends.ListAsync(orgId, null, second[^1].Id, 2, Ct);

        Assert.Equal(sends[..2], first);
        Assert.Equal(sends[2..4], second);
        Assert.Equal(sends[4..], last);
        Assert.Empty(await Sends.ListAsync(orgId, null, last[^1].Id, 2, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_State_ReturnsOnlySendsInThatState()
    {
        var orgId = await NewOrgAsync();
        MassSend queued = await InsertSendAsync(orgId);
        MassSend sending1 = await InsertSendAsync(orgId, s => s with { State = SendState.Sending, SnapshotComplete = true });
        await InsertSendAsync(orgId, s => s with { State = SendState.Cancelled });
        MassSend sending2 = await InsertSendAsync(orgId, s => s with { State = SendState.Sending, SnapshotComplete = true });

        Assert.Equal([sending2, sending1], await Sends.ListAsync(orgId, SendState.Sending, null, 10, Ct));
        Assert.Equal([sending1], await Sends.ListAsync(orgId, SendState.Sending, sending2.Id, 10, Ct));
        Assert.Equal([queued], await Sends.ListAsync(orgId, SendState.Queued, null, 10, Ct));
        Assert.Empty(await Sends.ListAsync(orgId, SendState.Completed, null, 10, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_UnknownOrMalformedOrgOrCursor_ReturnsEmpty()
    {
        MassSend send = await InsertSendAsync();

        Assert.Empty(await Sends.ListAsync(await NewOrgAsync(), null, null, 10, Ct));
        Assert.Empty(await Sends.ListAsync("not-an-id", null, null, 10, Ct));
        Assert.Empty(await Sends.ListAsync(send.OrgId, null, "not-an-id", 10, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_ExpectedVersion_ReturnsDoneAndStoresEveryField()
    {
        MassSend stored = await InsertSendAsync();
        DateTimeOffset at = stored.UpdatedAt.AddMinutes(1);
        MassSend next = stored.SnapshotDone(at, 4_000_000_000) with { PauseReason = "kept", TemplateVersion = 9 };

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(next, stored.Version, Ct));

        MassSend? read = await Sends.GetAsync(stored.OrgId, stored.Id, Ct);
        Assert.Equal(next, read);
        Assert.Equal(SendState.Sending, read!.State);
    }

    [SkippableFact]
    public async Task ReplaceAsync_SnapshotFailedThenDone_StoresTheReasonThenClearsIt()
    {
        MassSend stored = await InsertSendAsync();
        MassSend failed = stored.SnapshotFailed("Writing the audience snapshot failed: database or disk is full");

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(failed, stored.Version, Ct));
        MassSend? read = await Sends.GetAsync(stored.OrgId, stored.Id, Ct);
        Assert.Equal(failed, read);
        Assert.Equal("Writing the audience snapshot failed: database or disk is full", read!.SnapshotError);
        Assert.Equal(stored.State, read.State);

        MassSend done = read.SnapshotDone(read.UpdatedAt.AddSeconds(1), read.Reserved);
        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(done, read.Version, Ct));
        Assert.Equal("", (await Sends.GetAsync(stored.OrgId, stored.Id, Ct))!.SnapshotError);
    }

    [SkippableFact]
    public async Task ReplaceAsync_BatchFailedThenSent_StoresTheReasonThenClearsIt()
    {
        MassSend stored = await InsertSendAsync();
        MassSend failed = stored.BatchFailed("Sending a batch failed: disk I/O error");

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(failed, stored.Version, Ct));
        MassSend? read = await Sends.GetAsync(stored.OrgId, stored.Id, Ct);
        Assert.Equal(failed, read);
        Assert.Equal("Sending a batch failed: disk I/O error", read!.BatchError);
        Assert.Equal(stored.State, read.State);

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(read.BatchSent(), read.Version, Ct));
        Assert.Equal("", (await Sends.GetAsync(stored.OrgId, stored.Id, Ct))!.BatchError);
    }

    [SkippableFact]
    public async Task ReplaceAsync_VersionBeyondInt32_MatchesAndRoundTrips()
    {
        const long big = 5_000_000_000;
        MassSend stored = await InsertSendAsync(change: s => s with { Version = big });
        MassSend next = stored.Cancel(stored.UpdatedAt.AddSeconds(1));

        Assert.Equal(WriteOutcome.Done, await Sends.ReplaceAsync(next, big, Ct));

        Assert.Equal(next, await Sends.GetAsync(stored.OrgId, stored.Id, Ct));
        Assert.Equal(big + 1, next.Version);
    }

    [SkippableFact]
    public async Task ReplaceAsync_StaleVersion_ReturnsVersionMismatchAndKeepsStored()
    {
        MassSend stored = await InsertSendAsync();

        WriteOutcome outcome = await Sends.ReplaceAsync(stored.Cancel(stored.UpdatedAt) with { Version = 5 }, stored.Version + 3, Ct);

        Assert.Equal(WriteOutcome.VersionMismatch, outcome);
        Assert.Equal(stored, await Sends.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_UnknownSendOrOtherOrg_ReturnsNotFoundAndKeepsStored()
    {
        MassSend stored = await InsertSendAsync();
        MassSend intruder = stored.Cancel(stored.UpdatedAt) with { OrgId = await NewOrgAsync() };
        MassSend never = SendingData.Send(stored.OrgId, stored.CreatedByUserId);

        Assert.Equal(WriteOutcome.NotFound, await Sends.ReplaceAsync(intruder, stored.Version, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Sends.ReplaceAsync(never with { Version = 2 }, 1, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Sends.ReplaceAsync(never with { Id = "not-an-id", Version = 2 }, 1, Ct));
        Assert.Equal(stored, await Sends.GetAsync(stored.OrgId, stored.Id, Ct));
        Assert.Null(await Sends.GetAsync(stored.OrgId, never.Id, Ct));
    }

    [SkippableFact]
    public async Task ClaimSnapshotAsync_QueuedSends_LeasesOldestToWorkerAndMovesVersion()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        MassSend older = await InsertSendAsync(store);
        MassSend newer = await InsertSendAsync(store);
        DateTimeOffset now = TestData.Now();

        MassSend? claimed = await sends.ClaimSnapshotAsync("worker-a", now, now.AddMinutes(10), Ct);

        // The version moves, so a writer still holding the send from before cannot wipe the lease.
        Assert.Equal(older with { SnapshotOwner = "worker-a", SnapshotLeaseUntil = now.AddMinutes(10), Version = older.Version + 1 }, claimed);
        Assert.Equal(claimed, await sends.GetAsync(older.OrgId, older.Id, Ct));
        Assert.Equal(WriteOutcome.VersionMismatch, await sends.ReplaceAsync(older.Cancel(now), older.Version, Ct));
        Assert.Equal(newer.Id, (await sends.ClaimSnapshotAsync("worker-b", now, now.AddMinutes(10), Ct))?.Id);
        Assert.Null(await sends.ClaimSnapshotAsync("worker-c", now, now.AddMinutes(10), Ct));
    }

    [SkippableFact]
    public async Task ClaimSnapshotAsync_NothingClaimable_ReturnsNullAndChangesNothing()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        DateTimeOffset now = TestData.Now();
        MassSend[] stored =
        [
            await InsertSendAsync(store, change: s => s with { State = SendState.Sending, SnapshotComplete = true }),
            await InsertSendAsync(store, change: s => s with { State = SendState.Paused, PauseReason = "user" }),
            await InsertSendAsync(store, change: s => s with { State = SendState.Cancelled }),
            await InsertSendAsync(store, change: s => s with { SnapshotComplete = true }),
            await InsertSendAsync(store, change: s => s with { SnapshotOwner = "worker-a", SnapshotLeaseUntil = now.AddSeconds(30) }),
        ];

        Assert.Null(await sends.ClaimSnapshotAsync("worker-b", now, now.AddMinutes(10), Ct));

        foreach (MassSend send in stored)
        {
            Assert.Equal(send, await sends.GetAsync(send.OrgId, send.Id, Ct));
        }
    }

    [SkippableFact]
    public async Task ClaimSnapshotAsync_LeaseExpired_AnotherWorkerTakesItOver()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        DateTimeOffset now = TestData.Now();
        MassSend send = await InsertSendAsync(store);
        MassSend first = (await sends.ClaimSnapshotAsync("worker-a", now, now.AddMinutes(1), Ct))!;

        Assert.Null(await sends.ClaimSnapshotAsync("worker-b", now.AddSeconds(59), now.AddMinutes(5), Ct));
        MassSend? taken = await sends.ClaimSnapshotAsync("worker-b", now.AddMinutes(2), now.AddMinutes(12), Ct);

        Assert.Equal(send.Id, first.Id);
        Assert.Equal(first with { SnapshotOwner = "worker-b", SnapshotLeaseUntil = now.AddMinutes(12), Version = first.Version + 1 }, taken);
        Assert.Equal(taken, await sends.GetAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task ClaimSnapshotAsync_SendingWithIncompleteSnapshotAndExpiredLease_AnotherWorkerTakesItOver()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        DateTimeOffset now = TestData.Now();
        MassSend send = await InsertSendAsync(
            store, change: s => s with { State = SendState.Sending, SnapshotOwner = "crashed", SnapshotLeaseUntil = now.AddSeconds(-1) });

        MassSend? taken = await sends.ClaimSnapshotAsync("worker-b", now, now.AddMinutes(10), Ct);

        Assert.Equal(send with { SnapshotOwner = "worker-b", SnapshotLeaseUntil = now.AddMinutes(10), Version = send.Version + 1 }, taken);
        Assert.Null(await sends.ClaimSnapshotAsync("worker-c", now, now.AddMinutes(10), Ct));
    }

    [SkippableFact]
    public async Task ClaimSnapshotAsync_ConcurrentWorkers_NeverClaimTheSameSend()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        var orgId = (await InsertSendAsync(store)).OrgId;
        for (var i = 1; i < 6; i++)
        {
            await InsertSendAsync(store, i % 2 == 0 ? orgId : null);
        }

        DateTimeOffset now = TestData.Now();

        MassSend?[] claims = await Race.RunAsync(12, w => sends.ClaimSnapshotAsync($"worker-{w}", now, now.AddMinutes(10), Ct));

        List<MassSend> won = [.. claims.OfType<MassSend>()];
        Assert.Equal(6, won.Count);
        Assert.Equal(6, won.Select(s => s.Id).Distinct().Count());
        foreach (MassSend send in won)
        {
            Assert.Equal(send, await sends.GetAsync(send.OrgId, send.Id, Ct));
        }
    }

    [SkippableFact]
    public async Task ListSendingAsync_SendsOfEveryOrg_ReturnsOnlySendingOldestFirstUpToLimit()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        static MassSend Sending(MassSend s) => s with { State = SendState.Sending, SnapshotComplete = true };
        MassSend a = await InsertSendAsync(store, change: Sending);
        await InsertSendAsync(store);
        MassSend b = await InsertSendAsync(store, change: Sending);
        await InsertSendAsync(store, a.OrgId, s => s with { State = SendState.Paused });
        MassSend c = await InsertSendAsync(store, a.OrgId, Sending);

        Assert.Equal([a, b, c], await sends.ListSendingAsync(10, Ct));
        Assert.Equal([a, b], await sends.ListSendingAsync(2, Ct));
    }

    [SkippableFact]
    public async Task ListPausedAsync_ReasonPrefix_OnlyPausedSendsWhoseReasonStartsWithItLiterallyOldestFirstUpToLimit()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IMassSendStore sends = store.Get<IMassSendStore>();
        // Characters that are syntax in a regular expression or a LIKE pattern must match only themselves.
        const string prefix = "Quota (24 h) 100%_used. ";
        static Func<MassSend, MassSend> Paused(string reason) => s => s with { State = SendState.Paused, PauseReason = reason };
        MassSend a = await InsertSendAsync(store, change: Paused(prefix + "SES said so"));
        await InsertSendAsync(store, a.OrgId, Paused("paused by a user"));
        await InsertSendAsync(store, a.OrgId, Paused("quota (24 h) 100%_used. other case"));
        await InsertSendAsync(store, a.OrgId, Paused("Quota (24 h) 100XXused. LIKE wildcards"));
        await InsertSendAsync(store, a.OrgId, Paused("Quota 24 h 100%_usedX regex syntax"));
        await InsertSendAsync(store, a.OrgId, s => s with { State = SendState.Sending, PauseReason = prefix + "not paused" });
        MassSend b = await InsertSendAsync(store, change: Paused(prefix + "another organisation"));
        MassSend c = await InsertSendAsync(store, a.OrgId, Paused(prefix));

        Assert.Equal([a, b, c], await sends.ListPausedAsync(prefix, 10, Ct));
        Assert.Equal([a], await sends.ListPausedAsync(prefix, 1, Ct));
    }
}
