using System.Net;
using System.Text.RegularExpressions;
using MassEmail.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using UnsubscribeLinks = MassEmail.Core.Sending.UnsubscribeLinks;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 item 4 (RFC 8058): every bulk message carries exactly the one-click headers (read from the emulator's raw
/// message); a one-click POST to the link, in either encoding and without cookies, applies at once with 200 and no
/// redirect; GET changes nothing, followed or not.
/// </summary>
public abstract partial class OneClickTests(OptOutServer fixture)
{
    [SkippableFact]
    public async Task BulkMessage_RawHeaders_AreExactlyTheOneClickPair()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var (send, mail) = await world.SendAsync();

        Assert.Equal(2, send.Counts.Sent);
        foreach (var (to, m) in mail)
        {
            var raw = Unfold(await fixture.Emulator.ReadRawAsync(m.Mail.MessageId));
            var unsubscribe = Assert.Single(HeaderLines(raw, "List-Unsubscribe"));
            var match = LinkHeader().Match(unsubscribe);
            Assert.True(match.Success, unsubscribe);
            var token = match.Groups["token"].Value;
            Assert.Equal($"List-Unsubscribe: <{OptOutServer.BaseUrl}/unsubscribe/{token}>, <mailto:{OptOutServer.Mailto}?subject=unsubscribe%20{token}>", unsubscribe);
            Assert.Equal("List-Unsubscribe-Post: List-Unsubscribe=One-Click", Assert.Single(HeaderLines(raw, "List-Unsubscribe-Post")));
            Assert.True(Links.TryRead(token, out var target));
            Assert.Equal((world.Setup.OrgId, send.Id, (string?)null), (target.OrgId, target.SendId, target.ListId));
        }
    }

    [SkippableFact]
    public async Task OneClick_UrlEncodedOnSendToAll_OptsOutAt200WithoutRedirectOrCookie()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var (_, mail) = await world.SendAsync();
        var (leaving, staying) = (mail.Values.First(), mail.Values.Last());
        using var client = NoRedirects();

        using var response = await client.PostAsync(world.Local(leaving.Link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.True(await OptedOutAsync(world, leaving));
        Assert.False(await OptedOutAsync(world, staying));
    }

    [SkippableFact]
    public async Task OneClick_ClickedTwice_CountsOnceAsUnsubscribedFromThatSendOnly()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var (send, mail) = await world.SendAsync();
        var (other, _) = await world.SendAsync();
        using var client = NoRedirects();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var response = await client.PostAsync(world.Local(mail.Values.First().Link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, (await world.Setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id })).Send.Engagement.Unsubscribed);
        Assert.Equal(0, (await world.Setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = other.Id })).Send.Engagement.Unsubscribed);
    }

    [SkippableFact]
    public async Task OneClick_MultipartOnSendToList_LeavesThatListOnly()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var listId = await world.CreateListAsync("Weekly jobs");
        var (send, mail) = await world.SendAsync(listId);
        var only = Assert.Single(mail.Values);
        Assert.True(Links.TryRead(Token(only), out var target));
        Assert.Equal(listId, target.ListId);
        using var client = NoRedirects();
        using var body = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };

        using var response = await client.PostAsync(world.Local(only.Link), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscriptions = await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = target.RecordId });
        var state = Assert.Single(subscriptions.Subscriptions);
        Assert.Equal((listId, SubscriptionState.Unsubscribed, "one-click"), (state.ListId, state.State, state.Source));
        Assert.False(await OptedOutAsync(world, only));
        Assert.Equal(1, send.Counts.Sent);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Get_FollowingRedirectsOrNot_ChangesNothing(bool followRedirects)
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync(await world.CreateListAsync("Scanned"));
        var only = Assert.Single(mail.Values);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects });

        using var response = await client.GetAsync(world.Local(only.Link));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, world.Local(only.Link)));

        Assert.True(response.StatusCode is HttpStatusCode.OK, $"{response.StatusCode}");
        Assert.False(await OptedOutAsync(world, only));
        Assert.True(Links.TryRead(Token(only), out var target));
        var subscriptions = await world.Recipients.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = target.RecordId });
        Assert.DoesNotContain(subscriptions.Subscriptions, s => s.State == SubscriptionState.Unsubscribed);
    }

    [SkippableFact]
    public async Task OneClick_ForgedTruncatedOrUnknownToken_SameAnswerAndNothingChanged()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync();
        var only = Assert.Single(mail.Values);
        var token = Token(only);
        var parts = token.Split('.');
        using var client = NoRedirects();

        // The signature's second-to-last character carries six whole bits: changing it always changes the signature
        // (writing "AA" over the last two, as before, left the token valid whenever they already were "AA").
        var signature = parts[2];
        var forged = $"{signature[..^2]}{(signature[^2] == 'A' ? 'B' : 'A')}{signature[^1]}";
        foreach (var bad in new[] { $"{parts[0]}.{parts[1]}.{forged}", token[..^4], $"k9.{parts[1]}.{parts[2]}", "nonsense", new string('x', 5000) })
        {
            var url = new Uri(world.Local(only.Link), bad);
            using var response = await client.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Unsubscribed.", await response.Content.ReadAsStringAsync());
        }

        Assert.False(await OptedOutAsync(world, only));
    }

    [SkippableTheory]
    [InlineData("List-Unsubscribe=Yes", "application/x-www-form-urlencoded", 400)]
    [InlineData("", "application/x-www-form-urlencoded", 400)]
    [InlineData("List-Unsubscribe=One-Click", "text/plain", 415)]
    [InlineData("{\"List-Unsubscribe\":\"One-Click\"}", "application/json", 415)]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Cl", "multipart/form-data; boundary=x", 400)]
    public async Task OneClick_BodyThatIsNotTheOneClickForm_RefusedWith4xxAndNothingChanged(string body, string contentType, int status)
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync();
        var only = Assert.Single(mail.Values);
        using var client = NoRedirects();
        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync(world.Local(only.Link), content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(await OptedOutAsync(world, only));
    }

    private UnsubscribeLinks Links => fixture.Server.Services.GetRequiredService<UnsubscribeLinks>();

    private static string Token(Mailed m) => m.Link.Split('/')[^1];

    private static HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private async Task<bool> OptedOutAsync(OptOutWorld world, Mailed m)
    {
        Assert.True(Links.TryRead(Token(m), out var target));
        return (await world.Recipients.GetRecordAsync(new GetRecordRequest { Id = target.RecordId })).Record.EmailOptOut;
    }

    private static string Unfold(string raw) => FoldedLine().Replace(raw, " ");

    private static IEnumerable<string> HeaderLines(string raw, string name) =>
        raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\r\n[ \t]+")]
    private static partial Regex FoldedLine();

    [GeneratedRegex(@"^List-Unsubscribe: <https://[^>]+/unsubscribe/(?<token>[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)>")]
    private static partial Regex LinkHeader();
}

public sealed class SqliteOneClickTests(SqliteOptOutServer fixture) : OneClickTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoOneClickTests(MongoOptOutServer fixture) : OneClickTests(fixture), IClassFixture<MongoOptOutServer>;
