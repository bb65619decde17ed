using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// Duplicates over an audience of hundreds (d000…d599) in which every address recurs twice, 200 and 400 records
/// later, and is often first held by a record skipped for another reason; checked against an oracle computed here.
/// </summary>
public abstract class AudienceDuplicatesContract(StoreFixture fixture) : StoreContract(fixture)
{
    private const int Count = 600, Addresses = 200;

    private IAudienceStore Audiences => Store<IAudienceStore>();

    [SkippableTheory]
    [InlineData("module")]
    [InlineData("dynamic list")]
    [InlineData("static list")]
    public async Task StreamAsync_FirstHolderOfAnAddressSkipped_NextEligibleHolderKeepsIt(string audience)
    {
        Seeded set = await SeedAsync();
        AudienceQuery query = audience switch
        {
            "dynamic list" => set.Query with { ListId = set.ListId, ListIsStatic = false },
            "static list" => set.Query with { ListId = set.ListId, ListIsStatic = true },
            _ => set.Query,
        };

        List<AudienceMember> streamed = await Audiences.StreamAsync(query, Ct).ToListAsync(Ct);

        var inAudience = set.Records.Where(r => !query.ListIsStatic || set.Subscribed.ContainsKey(r.Id)).ToList();
        Assert.Equal(inAudience.Select(r => r.Id).Order(StringComparer.Ordinal), streamed.Select(m => m.RecordId));
        Assert.Equal(Oracle(set, query, streamed), streamed.Select(m => m.Skip));

        // d000 opted out, so d200, with the same address, keeps it and d400 (the address in capitals) is its duplicate.
        Assert.Equal(
            [SkipReason.OptedOut, SkipReason.None, SkipReason.Duplicate],
            new[] { "d000", "d200", "d400" }.Select(ext => streamed.Single(m => m.ExternalId == ext).Skip));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(250)]
    [InlineData(Count)]
    [InlineData(Count + 1)]
    public async Task SampleAsync_AnyLimit_IsTheStreamsPrefixAndCountsAgree(int limit)
    {
        Seeded set = await SeedAsync();

        List<AudienceMember> streamed = await Audiences.StreamAsync(set.Query, Ct).ToListAsync(Ct);

        Assert.Equal(streamed.Take(limit), await Audiences.SampleAsync(set.Query, limit, Ct));
        AudienceCounts counts = await Audiences.CountAsync(set.Query, Ct);
        Assert.Equal(streamed.Count(m => m.Skip == SkipReason.Duplicate), counts.Duplicate);
        Assert.Equal(streamed.Count(m => m.Skip == SkipReason.None), counts.Eligible);
    }

    /// <summary>Each member's reason by the rules of <see cref="SkipReason"/>, walking the members in id order.</summary>
    private static IEnumerable<SkipReason> Oracle(Seeded set, AudienceQuery query, IReadOnlyList<AudienceMember> members)
    {
        var records = set.Records.ToDictionary(r => r.Id);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (AudienceMember m in members)
        {
            RecipientRecord r = records[m.RecordId];
            yield return r.EmailStatus == EmailStatus.Missing ? SkipReason.NoEmail
                : r.EmailStatus == EmailStatus.Invalid ? SkipReason.InvalidEmail
                : r.EmailOptOut ? SkipReason.OptedOut
                : query.ListId is not null && set.Subscribed.GetValueOrDefault(r.Id) == SubscriptionState.Unsubscribed ? SkipReason.UnsubscribedFromList
                : kept.Add(r.EmailKey) ? SkipReason.None
                : SkipReason.Duplicate;
        }
    }

    private async Task<Seeded> SeedAsync()
    {
        var orgId = await NewOrgAsync();

        // Created in order, so ids ascend d000 → d599; record i holds address i % 200.
        RecipientRecord[] records = [.. Enumerable.Range(0, Count).Select(i =>
        {
            RecipientRecord r = RecipientData.Record(orgId, RecordModule.Candidates, $"d{i:D3}");
            var address = i % Addresses;
            return (i % 50) switch
            {
                7 => r.WithEmail("", EmailStatus.Missing),
                13 => r.WithEmail($"person{address}@", EmailStatus.Invalid),
                _ => r.WithEmail(i < 2 * Addresses ? $"person{address}@example.com" : $"Person{address}@Example.COM", EmailStatus.Valid) with
                {
                    EmailOptOut = (i < Addresses && i % 4 == 0) || i % 97 == 5,
                },
            };
        })];
        await Store<IRecordStore>().UpsertAsync(orgId, RecordModule.Candidates, records, Ct);

        // The list holds four records in five, d000, d200 and d400 among them; some first holders unsubscribed from it.
        var listId = Ids.New();
        Dictionary<string, SubscriptionState> subscribed = records.Where((_, i) => i % 5 != 4).ToDictionary(r => r.Id, _ => SubscriptionState.Subscribed);
        IListSubscriptionStore subscriptions = Store<IListSubscriptionStore>();
        DateTimeOffset at = TestData.Now();
        await subscriptions.AddAsync(orgId, listId, [.. subscribed.Keys], "api", at, Ct);
        foreach (RecipientRecord r in records.Where((_, i) => i < Addresses && i % 10 == 1))
        {
            await subscriptions.SetAsync(new ListSubscription(orgId, listId, r.Id, SubscriptionState.Unsubscribed, "recipient", at), Ct);
            subscribed[r.Id] = SubscriptionState.Unsubscribed;
        }

        return new Seeded(new AudienceQuery(orgId, RecordModule.Candidates, null, null, null, false), records, listId, subscribed);
    }

    /// <summary>The seeded records in id order, and each one's state on the list (absent when not on it).</summary>
    private sealed record Seeded(AudienceQuery Query, RecipientRecord[] Records, string ListId, Dictionary<string, SubscriptionState> Subscribed);
}
