using System.Net;
using System.Text.RegularExpressions;
using MassEmail.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using UnsubscribeLinks = MassEmail.Core.Sending.UnsubscribeLinks;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 item 3, the preference page: GET lists the recipient's lists and changes nothing; the form (antiforgery)
/// leaves or re-joins them; re-joining after "no more email" needs the explicit confirmation; a spam complaint's
/// suppression cannot be lifted from the page; English and Polish.
/// </summary>
public abstract partial class PreferencePageTests(OptOutServer fixture)
{
    [SkippableFact]
    public async Task Get_AfterLeavingList_ShowsListUntickedWithLabelsAndChangesNothing()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var listId = await world.CreateListAsync("Weekly & jobs");
        var only = Assert.Single((await world.SendAsync(listId)).Mail.Values);
        var recordId = RecordOf(only);
        await world.Recipients.SetListSubscriptionAsync(new SetListSubscriptionRequest { ListId = listId, RecordId = recordId, State = SubscriptionState.Unsubscribed });
        var before = await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = recordId });
        using var client = new HttpClient();

        var html = await client.GetStringAsync(Preferences(world, only));
        var again = await client.GetStringAsync(Preferences(world, only));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Matches($"<label><input type=\"checkbox\" name=\"list\" value=\"{listId}\"\\s*> Weekly &amp; jobs</label>", html);
        Assert.Matches("<input type=\"hidden\" name=\"form-token\" value=\"[^\"]{20,}\">", html);
        Assert.DoesNotContain("name=\"resume\"", html, StringComparison.Ordinal);
        Assert.Contains("Sent by: Opt-out Org", html, StringComparison.Ordinal);
        Assert.Contains("Weekly &amp; jobs", again, StringComparison.Ordinal);
        Assert.Equal(before, await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = recordId }));
    }

    [SkippableFact]
    public async Task Save_RejoinAfterAllMailOptOut_RefusedWithoutConfirmationAppliedWithIt()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var listId = await world.CreateListAsync("Newsletter");
        var only = Assert.Single((await world.SendAsync(listId)).Mail.Values);
        var recordId = RecordOf(only);
        await world.Recipients.SetListSubscriptionAsync(new SetListSubscriptionRequest { ListId = listId, RecordId = recordId, State = SubscriptionState.Unsubscribed });
        await world.Recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = recordId, EmailOptOut = true });
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var page = await client.GetStringAsync(Preferences(world, only));
        Assert.Contains("<label><input type=\"checkbox\" name=\"resume\" value=\"yes\"> Yes, I want email from Opt-out Org again</label>", page, StringComparison.Ordinal);

        using var refused = await client.PostAsync(Preferences(world, only), Form(page, ("list", listId)));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("role=\"alert\">Nothing was changed: to re-join a list", refusedHtml, StringComparison.Ordinal);
        Assert.True(await OptedOutAsync(world, recordId));
        Assert.Equal(SubscriptionState.Unsubscribed, await StateAsync(world, recordId, listId));

        using var saved = await client.PostAsync(Preferences(world, only), Form(refusedHtml, ("list", listId), ("resume", "yes")));
        var savedHtml = await saved.Content.ReadAsStringAsync();
        Assert.Contains("role=\"status\">Saved: your choices apply from now on.", savedHtml, StringComparison.Ordinal);
        Assert.False(await OptedOutAsync(world, recordId));
        Assert.Equal(SubscriptionState.Subscribed, await StateAsync(world, recordId, listId));
        var subscription = (await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = recordId })).Subscriptions.Single();
        Assert.Equal("preference-page", subscription.Source);
        var history = (await world.Recipients.ListConsentChangesAsync(new ListConsentChangesRequest { RecordId = recordId })).Changes;
        Assert.Equal(
            [("preference-page", ConsentKind.OptedIn), ("preference-page", ConsentKind.Subscribed), ("api", ConsentKind.OptedOut), ("api", ConsentKind.Unsubscribed)],
            history.Select(c => (c.Source, c.Kind)));
    }

    [SkippableFact]
    public async Task Save_ComplaintSuppressed_CannotRejoinOrResumeButCanLeave()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (stay, leave) = (await world.CreateListAsync("Stay"), await world.CreateListAsync("Leave"));
        var only = Assert.Single((await world.SendAsync(leave)).Mail.Values);
        var recordId = RecordOf(only);
        await world.Recipients.SetListSubscriptionAsync(new SetListSubscriptionRequest { ListId = stay, RecordId = recordId, State = SubscriptionState.Unsubscribed });
        await world.Recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = recordId, EmailOptOut = true });
        await world.Recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = only.Mail.Destination.To.Single(), Reason = SuppressionReason.Complaint });
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var page = await client.GetStringAsync(Preferences(world, only));
        Assert.Contains("reported email from Opt-out Org as spam", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"resume\"", page, StringComparison.Ordinal);
        Assert.Matches($"value=\"{stay}\"\\s*disabled>", page);

        using var refused = await client.PostAsync(Preferences(world, only), Form(page, ("list", stay), ("list", leave), ("resume", "yes")));
        Assert.Contains("role=\"alert\">Nothing was changed: this address reported", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await OptedOutAsync(world, recordId));
        Assert.Equal(SubscriptionState.Unsubscribed, await StateAsync(world, recordId, stay));

        using var left = await client.PostAsync(Preferences(world, only), Form(page));
        Assert.Contains("role=\"status\">Saved", await left.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriptionState.Unsubscribed, await StateAsync(world, recordId, leave));
        Assert.True(await OptedOutAsync(world, recordId));
    }

    [SkippableFact]
    public async Task Save_WithoutAntiforgeryToken_RefusedWith400AndNothingChanged()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var listId = await world.CreateListAsync("Jobs");
        var only = Assert.Single((await world.SendAsync(listId)).Mail.Values);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });

        using var response = await client.PostAsync(Preferences(world, only), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await StateAsync(world, RecordOf(only), listId));
    }

    [SkippableFact]
    public async Task Get_PolishAcceptLanguage_PolishPreferencePage()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var only = Assert.Single((await world.SendAsync(await world.CreateListAsync("Oferty"))).Mail.Values);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("Accept-Language", "pl-PL, en;q=0.5");

        var html = await client.GetStringAsync(Preferences(world, only));

        Assert.Contains("<html lang=\"pl\">", html, StringComparison.Ordinal);
        Assert.Contains("Zapisz moje wybory", html, StringComparison.Ordinal);
        Assert.Contains("> Oferty</label>", html, StringComparison.Ordinal);
    }

    private static Uri Preferences(OptOutWorld world, Mailed m) => new(world.Local(m.Link) + "/preferences");

    private string RecordOf(Mailed m)
    {
        Assert.True(fixture.Server.Services.GetRequiredService<UnsubscribeLinks>().TryRead(m.Link.Split('/')[^1], out var target));
        return target.RecordId;
    }

    private static async Task<bool> OptedOutAsync(OptOutWorld world, string recordId) =>
        (await world.Recipients.GetRecordAsync(new GetRecordRequest { Id = recordId })).Record.EmailOptOut;

    private static async Task<SubscriptionState?> StateAsync(OptOutWorld world, string recordId, string listId) =>
        (await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = recordId }))
            .Subscriptions.FirstOrDefault(s => s.ListId == listId)?.State;

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new([new("form-token", FormToken().Match(page).Groups[1].Value), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    [GeneratedRegex("name=\"form-token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

public sealed class SqlitePreferencePageTests(SqliteOptOutServer fixture) : PreferencePageTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoPreferencePageTests(MongoOptOutServer fixture) : PreferencePageTests(fixture), IClassFixture<MongoOptOutServer>;
