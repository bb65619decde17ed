using MassEmail.Core.Suppressions;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Suppressions;

/// <summary>
/// What every <see cref="ISuppressionStore"/> must do: one entry per (organisation, email key), the first add wins and
/// is returned to later adds, bulk lookups and key-ordered pages see only the organisation's own entries.
/// </summary>
public abstract class SuppressionStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task AddAsync_NewAddress_AddedAndReadBackWithEveryField()
    {
        var orgId = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        var entry = Entry(orgId, "ana@example.com", SuppressionReason.Bounce, "smtp; 550 5.1.1 user unknown");

        var (stored, added) = await store.AddAsync(entry, Ct);

        Assert.True(added);
        Assert.Equal(entry, stored);
        Assert.Equal(entry, await store.GetAsync(orgId, entry.EmailKey, Ct));
    }

    [SkippableFact]
    public async Task AddAsync_AlreadySuppressed_KeepsTheFirstEntry()
    {
        var orgId = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        var first = Entry(orgId, "ana@example.com", SuppressionReason.Complaint);
        await store.AddAsync(first, Ct);

        var (stored, added) = await store.AddAsync(Entry(orgId, "ana@example.com", SuppressionReason.Manual) with { Email = "Ana@example.com" }, Ct);

        Assert.False(added);
        Assert.Equal(first, stored);
        Assert.Equal(first, await store.GetAsync(orgId, first.EmailKey, Ct));
    }

    [SkippableFact]
    public async Task AddAsync_ManyAtOnce_ExactlyOneAdds()
    {
        var orgId = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        var entries = Enumerable.Range(0, 8).Select(i => Entry(orgId, "race@example.com", SuppressionReason.Manual, $"writer {i}")).ToList();

        var results = await Task.WhenAll(entries.Select(e => store.AddAsync(e, Ct)));

        var winner = Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(winner.Stored, r.Stored));
        Assert.Equal(winner.Stored, await store.GetAsync(orgId, "race@example.com", Ct));
    }

    [SkippableFact]
    public async Task RemoveAsync_Suppressed_RemovedOnce()
    {
        var orgId = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        await store.AddAsync(Entry(orgId, "ana@example.com"), Ct);

        Assert.True(await store.RemoveAsync(orgId, "ana@example.com", Ct));
        Assert.False(await store.RemoveAsync(orgId, "ana@example.com", Ct));
        Assert.Null(await store.GetAsync(orgId, "ana@example.com", Ct));
    }

    [SkippableFact]
    public async Task FindSuppressedAsync_MixedKeys_OnlyTheOrganisationsSuppressedOnes()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        await store.AddAsync(Entry(orgId, "a@example.com"), Ct);
        await store.AddAsync(Entry(orgId, "b@example.com"), Ct);
        await store.AddAsync(Entry(otherOrg, "c@example.com"), Ct);

        var found = await store.FindSuppressedAsync(orgId, ["a@example.com", "c@example.com", "d@example.com", "b@example.com"], Ct);

        Assert.Equal(["a@example.com", "b@example.com"], found.Order(StringComparer.Ordinal));
        Assert.Empty(await store.FindSuppressedAsync(orgId, [], Ct));
    }

    [SkippableFact]
    public async Task ListAsync_Pages_InKeyOrderWithoutOtherOrganisations()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        var store = Store<ISuppressionStore>();
        string[] keys = ["d@example.com", "a@example.com", "c@example.com", "b@example.com", "e@example.com"];
        foreach (var key in keys)
        {
            await store.AddAsync(Entry(orgId, key), Ct);
        }

        await store.AddAsync(Entry(otherOrg, "aa@example.com"), Ct);

        var first = await store.ListAsync(orgId, null, 2, Ct);
        var second = await store.ListAsync(orgId, first[^1].EmailKey, 2, Ct);
        var last = await store.ListAsync(orgId, second[^1].EmailKey, 2, Ct);

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"], first.Concat(second).Concat(last).Select(s => s.EmailKey));
        Assert.Single(last);
        Assert.All(first.Concat(second).Concat(last), s => Assert.Equal(orgId, s.OrgId));
    }

    private static Suppression Entry(string orgId, string key, SuppressionReason reason = SuppressionReason.Manual, string detail = "") =>
        new(orgId, key, key, reason, "test", detail, TestData.Now());
}
