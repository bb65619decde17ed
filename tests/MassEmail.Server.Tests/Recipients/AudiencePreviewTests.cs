using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>
/// Audience previews through gRPC compared with an independent count computed here from the
/// generated data: every skip reason, duplicates by case, a static list with unsubscriptions.
/// </summary>
public abstract class AudiencePreviewTests(ServerFixture fixture)
{
    private sealed record Person(string ExternalId, string Email, bool OptOut, string City);

    [SkippableFact]
    public async Task PreviewAudience_Criteria_MatchesIndependentCount()
    {
        var (client, people, _) = await SeedAsync("Audience Org 1");
        var criteria = R.Where("city", ConditionOperator.InList, R.Text("berlin"), R.Text("paris"));

        var preview = await client.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = criteria },
            SampleSize = 500,
        });

        var expected = Count(people.Where(p => p.City is "Berlin" or "Paris").ToList(), unsubscribed: new HashSet<string>());
        Assert.Equal(expected, preview.Counts);
        Assert.Equal(expected.Total, preview.Sample.Count);
        Assert.Equal(expected.Eligible, preview.Sample.Count(s => s.SkipReason == SkipReason.Unspecified));
    }

    [SkippableFact]
    public async Task PreviewAudience_StaticListWithUnsubscriptions_MatchesIndependentCount()
    {
        var (client, people, ids) = await SeedAsync("Audience Org 2");
        var list = (await client.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Name = "Newsletter", Module = RecordModule.Candidates } })).List;
        var members = people.Where((_, i) => i % 3 != 0).ToList();
        await client.AddListMembersAsync(new AddListMembersRequest { ListId = list.Id, RecordIds = { members.Select(m => ids[m.ExternalId]) } });
        var unsubscribed = members.Where((_, i) => i % 5 == 0).Select(m => m.ExternalId).ToHashSet();
        foreach (var externalId in unsubscribed)
        {
            await client.SetListSubscriptionAsync(new SetListSubscriptionRequest { ListId = list.Id, RecordId = ids[externalId], State = SubscriptionState.Unsubscribed });
        }

        var preview = await client.PreviewAudienceAsync(new PreviewAudienceRequest { Module = RecordModule.Candidates, Audience = new Audience { ListId = list.Id } });

        Assert.Equal(Count(members, unsubscribed), preview.Counts);
    }

    [SkippableFact]
    public async Task PreviewAudience_ViewAndRecordIds_MatchIndependentCount()
    {
        var (client, people, ids) = await SeedAsync("Audience Org 3");
        var view = (await client.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "Londoners", Module = RecordModule.Candidates, Criteria = R.Where("city", ConditionOperator.Equals, R.Text("LONDON")) },
        })).View;
        var chosen = people.Take(17).ToList();

        var byView = await client.PreviewAudienceAsync(new PreviewAudienceRequest { Module = RecordModule.Candidates, Audience = new Audience { ViewId = view.Id } });
        var byIds = await client.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { RecordIds = new RecordIds { Ids = { chosen.Select(p => ids[p.ExternalId]) } } },
        });

        Assert.Equal(Count(people.Where(p => p.City == "London").ToList(), new HashSet<string>()), byView.Counts);
        Assert.Equal(Count(chosen, new HashSet<string>()), byIds.Counts);
    }

    private async Task<(RecipientsService.RecipientsServiceClient Client, List<Person> People, Dictionary<string, string> Ids)> SeedAsync(string orgName)
    {
        var org = await fixture.Server.CreateOrganisationAsync(orgName);
        var client = R.Client(fixture, org.AdminKey.Secret);
        var random = new Random(42);
        string[] cities = ["Berlin", "Paris", "London"];
        var people = new List<Person>();
        for (var i = 0; i < 120; i++)
        {
            var email = random.Next(10) switch
            {
                0 => "",
                1 => "broken@",
                2 or 3 => $"Shared{random.Next(6)}@Example.com".ToUpperInvariant(),
                4 => $"shared{random.Next(6)}@example.com",
                _ => $"person{i}@example.com",
            };
            people.Add(new Person($"p-{i:D3}", email, random.Next(8) == 0, cities[random.Next(cities.Length)]));
        }

        using var call = client.ImportRecords();
        await call.RequestStream.WriteAsync(new ImportRecordsRequest
        {
            Module = RecordModule.Candidates,
            Records = { people.Select(p => R.Candidate(p.ExternalId, p.Email, optOut: p.OptOut, custom: ("city", R.Text(p.City)))) },
        });
        await call.RequestStream.CompleteAsync();
        var imported = await call;
        Assert.Equal(120, imported.Inserted);

        var stored = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 500 });
        return (client, people, stored.Records.ToDictionary(r => r.ExternalId, r => r.Id));
    }

    /// <summary>The expected counts, computed without the store: the rules of SkipReason, applied in record-id order.</summary>
    private static AudienceCounts Count(IReadOnlyList<Person> audience, IReadOnlySet<string> unsubscribed)
    {
        // Record ids grow with insertion order, and the import inserted in external-id order.
        var ordered = audience.OrderBy(p => p.ExternalId, StringComparer.Ordinal).ToList();
        var counts = new AudienceCounts { Total = ordered.Count };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in ordered)
        {
            var valid = p.Email.Contains('@') && !p.Email.EndsWith('@');
            counts.ValidEmail += valid ? 1 : 0;
            if (p.Email.Length == 0)
            {
                counts.NoEmail++;
            }
            else if (!valid)
            {
                counts.InvalidEmail++;
            }
            else if (p.OptOut)
            {
                counts.OptedOut++;
            }
            else if (unsubscribed.Contains(p.ExternalId))
            {
                counts.UnsubscribedFromList++;
            }
            else if (!seen.Add(p.Email))
            {
                counts.Duplicate++;
            }
            else
            {
                counts.Eligible++;
            }
        }

        return counts;
    }
}

[Trait("Store", "Sqlite")]
public sealed class AudiencePreviewSqliteTests(SqliteServerFixture f) : AudiencePreviewTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AudiencePreviewMongoTests(MongoServerFixture f) : AudiencePreviewTests(f), IClassFixture<MongoServerFixture>;
