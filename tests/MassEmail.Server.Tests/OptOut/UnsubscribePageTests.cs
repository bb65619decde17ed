using System.Net;
using System.Text.RegularExpressions;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UnsubscribeLinks = MassEmail.Core.Sending.UnsubscribeLinks;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 item 3: the link's page (RazorLight, embedded template) asks and changes nothing; its form, with an
/// antiforgery token, applies the choice; tokens that lead nowhere get one neutral page; English and Polish.
/// </summary>
public abstract partial class UnsubscribePageTests(OptOutServer fixture)
{
    [SkippableFact]
    public async Task Get_SendToList_PageOffersListAndAllMailWithLabelsLangAndAddress()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync(await world.CreateListAsync("Weekly & jobs"));
        using var client = new HttpClient();

        var html = await client.GetStringAsync(world.Local(Assert.Single(mail.Values).Link));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<label><input type=\"radio\" name=\"choice\" value=\"list\" checked> Leave the list \u201cWeekly &amp; jobs\u201d</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label><input type=\"radio\" name=\"choice\" value=\"all\"> No more email from Opt-out Org</label>", html, StringComparison.Ordinal);
        Assert.Matches("<input type=\"hidden\" name=\"form-token\" value=\"[^\"]{20,}\">", html);
        Assert.Contains("Sent by: Opt-out Org", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Get_PolishAcceptLanguage_PolishPage()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync();
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("Accept-Language", "de;q=0.9, pl-PL, en;q=0.8");

        var html = await client.GetStringAsync(world.Local(Assert.Single(mail.Values).Link));

        Assert.Contains("<html lang=\"pl\">", html, StringComparison.Ordinal);
        Assert.Contains("Żadnych więcej wiadomości od Opt-out Org", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Get_TamperedUnknownOrDeletedRecordLinks_OneNeutralPage()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var (_, mail) = await world.SendAsync();
        var (deleted, kept) = (mail.Values.First(), mail.Values.Last());
        Assert.True(Links.TryRead(Token(deleted), out var target));
        await world.Recipients.DeleteRecordAsync(new DeleteRecordRequest { Id = target.RecordId });
        var token = Token(kept);
        using var client = new HttpClient();

        var pages = new List<string>();
        foreach (var url in new[]
        {
            world.Local(deleted.Link),
            new Uri(world.Local(kept.Link), token[..^3] + "abc"),
            new Uri(world.Local(kept.Link), token[..20]),
            new Uri(world.Local(kept.Link), "k7." + token[3..]),
        })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.All(pages, p => Assert.Equal(pages[0], p));
        Assert.DoesNotContain("<form", pages[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Opt-out Org", pages[0], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Confirm_WithAntiforgeryTokenChoosingAllMail_OptsOutAndConfirms()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var listId = await world.CreateListAsync("Newsletter");
        var (_, mail) = await world.SendAsync(listId);
        var only = Assert.Single(mail.Values);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var page = await client.GetStringAsync(world.Local(only.Link));

        using var response = await client.PostAsync(new Uri(world.Local(only.Link) + "/confirm"), new FormUrlEncodedContent(
            [new("form-token", FormToken().Match(page).Groups[1].Value), new("choice", "all")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Done: you will get no more email from Opt-out Org.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(Links.TryRead(Token(only), out var target));
        Assert.True((await world.Recipients.GetRecordAsync(new GetRecordRequest { Id = target.RecordId })).Record.EmailOptOut);
    }

    [SkippableFact]
    public async Task Confirm_WithoutAntiforgeryToken_RefusedWith400AndNothingChanged()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync();
        var only = Assert.Single(mail.Values);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });

        using var response = await client.PostAsync(new Uri(world.Local(only.Link) + "/confirm"), new FormUrlEncodedContent([new("choice", "all")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(Links.TryRead(Token(only), out var target));
        Assert.False((await world.Recipients.GetRecordAsync(new GetRecordRequest { Id = target.RecordId })).Record.EmailOptOut);
    }

    private UnsubscribeLinks Links => fixture.Server.Services.GetRequiredService<UnsubscribeLinks>();

    private static string Token(Mailed m) => m.Link.Split('/')[^1];

    [GeneratedRegex("name=\"form-token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

public sealed class SqliteUnsubscribePageTests(SqliteOptOutServer fixture) : UnsubscribePageTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoUnsubscribePageTests(MongoOptOutServer fixture) : UnsubscribePageTests(fixture), IClassFixture<MongoOptOutServer>;

/// <summary>
/// Issue 12 item 3: the public endpoint is rate limited per client address; what is refused changes nothing. The event
/// receivers (SES events over SNS, campaign-tool webhooks) have a limit of their own, counted apart from the pages'.
/// </summary>
public sealed class PublicRateLimitTests : IDisposable
{
    private readonly MassEmailServer server = new(StoreKind.Sqlite, new Dictionary<string, string?>
    {
        ["Public:RequestsPerMinutePerAddress"] = "5",
        ["Public:EventRequestsPerMinutePerAddress"] = "8",
    }, kestrel: true);

    [Fact]
    public async Task Flood_FromOneAddress_429AfterTheLimit()
    {
        _ = server.Services;
        using var client = new HttpClient { BaseAddress = server.PublicAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.PostAsync("/unsubscribe/k1.x.y", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
    }

    [Fact]
    public async Task EventReceivers_FromAnAddressThePagesRefuse_AnsweredUpToTheirOwnLimit()
    {
        _ = server.Services;
        using var client = new HttpClient { BaseAddress = server.PublicAddress };
        for (var i = 0; i < 6; i++)
        {
            using var page = await client.GetAsync("/unsubscribe/k1.x.y");
        }

        using (var refused = await client.GetAsync("/unsubscribe/k1.x.y"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // Malformed SNS messages (400) and webhooks of an unknown connection (401): answered, not rate limited, until
        // the events' own limit of 8 a minute is used up by both together.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = i % 2 == 0
                ? await client.PostAsync("/ses/sns", new StringContent("not an SNS message"))
                : await client.PostAsync($"/webhooks/{Guid.NewGuid():N}/secret", new FormUrlEncodedContent([new("type", "unsubscribe")]));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(
            [.. Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)],
            statuses);
    }

    public void Dispose() => server.Dispose();
}
