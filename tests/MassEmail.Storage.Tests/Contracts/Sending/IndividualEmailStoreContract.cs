using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending.Individual;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// What every <see cref="IIndividualEmailStore"/> must do: one email per (organisation, key), the first add wins and is
/// returned to later adds, and every change applies only for the holder and state it names, so racing calls never both win.
/// </summary>
public abstract class IndividualEmailStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task AddAsync_NewKey_AddedAndReadBackWithEveryField()
    {
        var email = Email(await NewOrgAsync(), "key-1", "holder-a");
        var store = Store<IIndividualEmailStore>();

        var (stored, added) = await store.AddAsync(email, Ct);

        Assert.True(added);
        Assert.Equal(email, stored);
        Assert.Equal(email, await store.GetAsync(email.OrgId, email.IdempotencyKey, Ct));
    }

    [SkippableFact]
    public async Task AddAsync_KeyTaken_ReturnsTheFirstAndChangesNothing()
    {
        var first = Email(await NewOrgAsync(), "key-1", "holder-a");
        var store = Store<IIndividualEmailStore>();
        await store.AddAsync(first, Ct);

        var (stored, added) = await store.AddAsync(first with { Id = Ids.New(), Holder = "holder-b", Fingerprint = "other" }, Ct);

        Assert.False(added);
        Assert.Equal(first, stored);
    }

    [SkippableFact]
    public async Task AddAsync_ManyAtOnce_ExactlyOneAdds()
    {
        var orgId = await NewOrgAsync();
        var store = Store<IIndividualEmailStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.AddAsync(Email(orgId, "race", $"holder-{i}"), Ct)));

        var winner = Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(winner.Stored, r.Stored));
    }

    [SkippableFact]
    public async Task GetAsync_SameKeyOfAnotherOrganisation_IsNull()
    {
        var email = Email(await NewOrgAsync(), "shared-key", "holder-a");
        var store = Store<IIndividualEmailStore>();
        await store.AddAsync(email, Ct);

        Assert.Null(await store.GetAsync(await NewOrgAsync(), "shared-key", Ct));
    }

    [SkippableFact]
    public async Task MoveAsync_OnlyForTheHolderInTheExpectedState()
    {
        var email = Email(await NewOrgAsync(), "key-1", "holder-a");
        var store = Store<IIndividualEmailStore>();
        await store.AddAsync(email, Ct);
        var at = TestData.Now().AddSeconds(1);

        Assert.False(await store.MoveAsync(email.OrgId, email.IdempotencyKey, "holder-b", IndividualEmailState.Pending, IndividualEmailState.Sending, "", "", at, Ct));
        Assert.False(await store.MoveAsync(email.OrgId, email.IdempotencyKey, "holder-a", IndividualEmailState.Sending, IndividualEmailState.Sent, "m", "", at, Ct));
        Assert.True(await store.MoveAsync(email.OrgId, email.IdempotencyKey, "holder-a", IndividualEmailState.Pending, IndividualEmailState.Sending, "", "", at, Ct));
        Assert.True(await store.MoveAsync(email.OrgId, email.IdempotencyKey, "holder-a", IndividualEmailState.Sending, IndividualEmailState.Sent, "ses-1", "", at, Ct));

        Assert.Equal(email with { State = IndividualEmailState.Sent, MessageId = "ses-1", UpdatedAt = at }, await store.GetAsync(email.OrgId, email.IdempotencyKey, Ct));
    }

    [SkippableFact]
    public async Task TakeOverAsync_PendingWithLeaseEnded_OneOfManyTakesIt()
    {
        var now = TestData.Now();
        var email = Email(await NewOrgAsync(), "key-1", "dead") with { LeaseUntil = now.AddSeconds(-1) };
        var store = Store<IIndividualEmailStore>();
        await store.AddAsync(email, Ct);

        var taken = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => store.TakeOverAsync(email.OrgId, email.IdempotencyKey, $"h{i}", now, now.AddMinutes(1), Ct)));

        var winner = $"h{Array.IndexOf(taken, true)}";
        Assert.Single(taken, t => t);
        var stored = await store.GetAsync(email.OrgId, email.IdempotencyKey, Ct);
        Assert.Equal((winner, now.AddMinutes(1)), (stored!.Holder, stored.LeaseUntil));
        Assert.False(await store.MoveAsync(email.OrgId, email.IdempotencyKey, "dead", IndividualEmailState.Pending, IndividualEmailState.Sending, "", "", now, Ct));
    }

    [SkippableFact]
    public async Task TakeOverAsync_LeaseRunningOrNotPending_IsRefused()
    {
        var now = TestData.Now();
        var store = Store<IIndividualEmailStore>();
        var running = Email(await NewOrgAsync(), "running", "live") with { LeaseUntil = now.AddMinutes(1) };
        var sending = Email(running.OrgId, "sending", "dead") with { LeaseUntil = now.AddSeconds(-1), State = IndividualEmailState.Sending };
        await store.AddAsync(running, Ct);
        await store.AddAsync(sending, Ct);

        Assert.False(await store.TakeOverAsync(running.OrgId, running.IdempotencyKey, "other", now, now.AddMinutes(1), Ct));
        Assert.False(await store.TakeOverAsync(sending.OrgId, sending.IdempotencyKey, "other", now, now.AddMinutes(1), Ct));
        Assert.Equal(running, await store.GetAsync(running.OrgId, running.IdempotencyKey, Ct));
        Assert.Equal(sending, await store.GetAsync(sending.OrgId, sending.IdempotencyKey, Ct));
    }

    [SkippableFact]
    public async Task RemovePendingAsync_OnlyThePendingHolders_FreesTheKey()
    {
        var store = Store<IIndividualEmailStore>();
        var email = Email(await NewOrgAsync(), "key-1", "holder-a");
        await store.AddAsync(email, Ct);

        Assert.False(await store.RemovePendingAsync(email.OrgId, email.IdempotencyKey, "holder-b", Ct));
        Assert.True(await store.RemovePendingAsync(email.OrgId, email.IdempotencyKey, "holder-a", Ct));
        Assert.Null(await store.GetAsync(email.OrgId, email.IdempotencyKey, Ct));
        Assert.True((await store.AddAsync(email with { Holder = "holder-b" }, Ct)).Added);

        await store.MoveAsync(email.OrgId, email.IdempotencyKey, "holder-b", IndividualEmailState.Pending, IndividualEmailState.Sending, "", "", TestData.Now(), Ct);
        Assert.False(await store.RemovePendingAsync(email.OrgId, email.IdempotencyKey, "holder-b", Ct));
        Assert.NotNull(await store.GetAsync(email.OrgId, email.IdempotencyKey, Ct));
    }

    private static IndividualEmail Email(string orgId, string key, string holder)
    {
        var now = TestData.Now();
        return new IndividualEmail(Ids.New(), orgId, key, "fingerprint-1", Ids.New(), RecordModule.Contacts, Ids.New(), Ids.New(),
            IndividualEmailState.Pending, holder, now.AddMinutes(1), "ana@example.com", "", "", now, now);
    }
}
