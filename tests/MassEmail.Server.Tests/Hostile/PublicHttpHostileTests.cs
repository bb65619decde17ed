using System.Net;
using System.Text;
using MassEmail.Server.Http;
using MassEmail.Server.Tests.OptOut;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// Issue 12 acceptance: hostile input on the public HTTP endpoint (huge bodies, bad encodings, floods from one
/// address) is answered 4xx, never 5xx, and changes nothing in the store. The routes are enumerated from the running
/// server, so a new public route without a seed here fails the suite, as a new RPC without a seed does.
/// </summary>
public abstract class PublicHttpHostileTests(OptOutServer fixture)
{
    private const string OneClick = "List-Unsubscribe=One-Click";

    [SkippableFact]
    public void EveryPublicRoute_HasASeed()
    {
        fixture.SkipIfUnavailable();

        Assert.Equal(Seeds.Keys.Order(), PublicRoutes().Order());
    }

    [SkippableFact]
    public async Task HostileRequests_EveryPublicRoute_NeverServerErrorAndNothingChanged()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync(await world.CreateListAsync("Hostile"));
        var link = world.Local(mail.Values.Single().Link);
        var connection = (await new Contracts.V1.PluginsService.PluginsServiceClient(world.Setup.Invoker)
            .CreateConnectionAsync(Plugins.PluginsServiceTests.Mailchimp("Mailchimp", "", FakeMailchimp.ApiKey))).Connection;
        var webhook = new Uri(link, $"/mail/webhooks/{connection.Id}/");
        var before = await FingerprintAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var failures = new List<string>();
        foreach (var route in PublicRoutes())
        {
            foreach (var (name, request, expected4xx) in Mutations(route, link, webhook))
            {
                using (request)
                using (var response = await SendAsync(client, request, route, name))
                {
                    var status = (int)response.StatusCode;
                    if (status >= 500 || (expected4xx && status is < 400 or >= 500))
                    {
                        failures.Add($"{route} {name}: {status}");
                    }
                }
            }
        }

        Assert.Empty(failures);
        Assert.Empty(StoreFingerprint.Changed(before, await FingerprintAsync()));
    }

    /// <summary>
    /// Sends the request. A body over every route's limit may be cut off: Kestrel answers 413 and closes the connection
    /// while the client still writes (a broken pipe on a loaded machine); that is a refusal too, counted as 413.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string route, string name)
    {
        var oversized = request.Content?.Headers.ContentLength > 1024 * 1024;
        try
        {
            return await client.SendAsync(request);
        }
        catch (HttpRequestException e) when (oversized && e.InnerException is IOException)
        {
            return new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"{route} {name}: {e.Message}", e);
        }
    }

    /// <summary>A valid request of each route (method and pattern as mapped), which the mutations start from.</summary>
    private static readonly Dictionary<string, Func<Uri, HttpRequestMessage>> Seeds = new()
    {
        ["GET /mail/unsubscribe/{token}"] = link => new HttpRequestMessage(HttpMethod.Get, link),
        ["POST /mail/unsubscribe/{token}"] = link => Post(link, OneClick),
        ["POST /mail/unsubscribe/{token}/confirm"] = link => Post(new Uri(link + "/confirm"), "choice=all"),
        ["GET /mail/unsubscribe/{token}/preferences"] = link => new HttpRequestMessage(HttpMethod.Get, link + "/preferences"),
        ["POST /mail/unsubscribe/{token}/preferences"] = link => Post(new Uri(link + "/preferences"), "resume=yes"),
        ["POST /mail/ses/sns"] = link => Post(new Uri(link, "/mail/ses/sns"), SnsBody(), "text/plain; charset=UTF-8"),
        ["GET /mail/webhooks/{connectionId}/{secret}"] = link => new HttpRequestMessage(HttpMethod.Get, new Uri(link, $"/mail/webhooks/{UnknownId}/{WebhookSecret}")),
        ["POST /mail/webhooks/{connectionId}/{secret}"] = link => Post(new Uri(link, $"/mail/webhooks/{UnknownId}/{WebhookSecret}"), MailchimpUnsubscribe),
        ["POST /mail/webhooks/{connectionId}"] = link => Post(new Uri(link, $"/mail/webhooks/{UnknownId}"), MailchimpUnsubscribe),
    };

    private IEnumerable<string> PublicRoutes() =>
        fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(PublicEndpoint.IsPublicRoute)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"));

    /// <summary>Requests built from the route's seed; true when the answer must be 4xx (the others may be the neutral 200).</summary>
    private static IEnumerable<(string Name, HttpRequestMessage Request, bool Expect4xx)> Mutations(string route, Uri link, Uri webhook)
    {
        if (route.Contains("/webhooks/", StringComparison.Ordinal))
        {
            foreach (var mutation in WebhookMutations(route, webhook))
            {
                yield return mutation;
            }

            yield break;
        }

        if (route.EndsWith("/ses/sns", StringComparison.Ordinal))
        {
            foreach (var mutation in SnsMutations(Seeds[route](link).RequestUri!))
            {
                yield return mutation;
            }

            yield break;
        }

        var seed = Seeds[route];
        var isPost = route.StartsWith("POST", StringComparison.Ordinal);
        var token = link.Segments[^1];
        var suffix = route[(route.IndexOf("{token}", StringComparison.Ordinal) + "{token}".Length)..];
        Uri WithToken(string t) => new(new Uri(link, t) + suffix);
        HttpRequestMessage Retarget(Uri uri)
        {
            var request = seed(link);
            request.RequestUri = uri;
            return request;
        }

        yield return ("tampered token", Retarget(WithToken(token[..^3] + "xyz")), false);
        yield return ("truncated token", Retarget(WithToken(token[..12])), false);
        yield return ("unknown key id", Retarget(WithToken("k99" + token[2..])), false);
        yield return ("invalid UTF-8 in token", Retarget(WithToken("%FF%FE%C0%AF")), false);
        yield return ("10,000-character token", Retarget(WithToken(new string('A', 10_000))), true);
        if (!isPost)
        {
            var junkLanguage = seed(link);
            junkLanguage.Headers.TryAddWithoutValidation("Accept-Language", string.Join(',', Enumerable.Repeat("pl;q=x,,;", 1000)));
            yield return ("junk Accept-Language", junkLanguage, false);
            var hugeHeader = seed(link);
            hugeHeader.Headers.TryAddWithoutValidation("X-Junk", new string('j', 40_000));
            yield return ("40 KB header", hugeHeader, true);
            yield break;
        }

        var target = seed(link).RequestUri!;
        yield return ("2 MB body", Post(target, OneClick + "&x=" + new string('a', 2 * 1024 * 1024)), true);
        yield return ("body just over 16 KB", Post(target, OneClick + "&x=" + new string('a', 16 * 1024)), true);
        yield return ("10,000 fields", Post(target, string.Join('&', Enumerable.Range(0, 10_000).Select(i => $"f{i}=1"))), true);
        yield return ("invalid UTF-8", Post(target, [.. Encoding.ASCII.GetBytes("List-Unsubscribe="), 0xFF, 0xFE, 0xC0]), true);
        yield return ("bad percent-encoding", Post(target, "List-Unsubscribe=%ZZ%E2%82&choice=%"), true);
        yield return ("unknown charset", Post(target, OneClick, "application/x-www-form-urlencoded; charset=x-bogus-7"), true);
        yield return ("UTF-16 charset", Post(target, Encoding.Unicode.GetBytes(OneClick), "application/x-www-form-urlencoded; charset=utf-16"), true);
        yield return ("JSON", Post(target, "{\"List-Unsubscribe\":\"One-Click\"}", "application/json"), true);
        yield return ("garbage content type", Post(target, OneClick, "%%%/;;;"), true);
        yield return ("no content type", Post(target, OneClick, null), true);
        yield return ("multipart without boundary", Post(target, OneClick, "multipart/form-data"), true);
        yield return ("multipart with a 300-character boundary", Post(target, OneClick, "multipart/form-data; boundary=" + new string('b', 300)), true);
        yield return ("truncated multipart", Post(target, "--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Cl", "multipart/form-data; boundary=x"), true);
        yield return ("multipart with a file", Post(
            target,
            "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n",
            "multipart/form-data; boundary=x"), true);
    }

    /// <summary>
    /// Hostile SNS messages: none may change anything, all are 4xx (this server trusts no SNS topic, and the shapes are
    /// broken anyway). Nothing here may make the server fetch from an address it names.
    /// </summary>
    private static IEnumerable<(string Name, HttpRequestMessage Request, bool Expect4xx)> SnsMutations(Uri target)
    {
        const string text = "text/plain; charset=UTF-8";
        yield return ("unsigned SES bounce", Post(target, SnsBody(), text), true);
        yield return ("certificate from elsewhere", Post(target, SnsBody(("SigningCertURL", "https://127.0.0.1:9/cert.pem")), text), true);
        yield return ("http certificate", Post(target, SnsBody(("SigningCertURL", "http://sns.us-east-1.amazonaws.com/cert.pem")), text), true);
        yield return ("confirmation to elsewhere", Post(target, SnsBody(("Type", "SubscriptionConfirmation"), ("Token", "t"), ("SubscribeURL", "https://127.0.0.1:9/")), text), true);
        yield return ("unknown type", Post(target, SnsBody(("Type", "Nonsense")), text), true);
        yield return ("2 MB body", Post(target, SnsBody(("Message", new string('a', 2 * 1024 * 1024))), text), true);
        yield return ("body just over 256 KB", Post(target, SnsBody(("Message", new string('a', 256 * 1024))), text), true);
        yield return ("invalid UTF-8", Post(target, [.. Encoding.ASCII.GetBytes("{\"Type\":\""), 0xFF, 0xFE, 0xC0, (byte)'"', (byte)'}'], text), true);
        yield return ("not JSON", Post(target, "Type=Notification", text), true);
        yield return ("JSON array", Post(target, "[1,2,3]", text), true);
        yield return ("deep JSON", Post(target, new string('[', 10_000) + new string(']', 10_000), text), true);
        yield return ("fields of the wrong type", Post(target, "{\"Type\":1,\"MessageId\":[],\"Message\":{}}", text), true);
        yield return ("10,000-character message id", Post(target, SnsBody(("MessageId", new string('m', 10_000))), text), true);
        yield return ("empty body", Post(target, "", text), true);
        yield return ("JSON content type", Post(target, SnsBody(), "application/json"), true);
    }

    private const string UnknownId = "0123456789abcdef01234567";
    private const string WebhookSecret = "mc-webhook-secret-3f9a";
    private const string MailchimpUnsubscribe =
        "type=unsubscribe&fired_at=2026-12-05+01%3A02%3A03&data%5Blist_id%5D=mc-list-1&data%5Bemail%5D=victim%40example.com";

    /// <summary>
    /// Hostile webhooks for a real Mailchimp connection (<paramref name="webhook"/> ends with its id and a slash): wrong
    /// or huge secrets, unknown connections, broken bodies with the right secret. All 4xx, none 410, nothing changes.
    /// </summary>
    private static IEnumerable<(string Name, HttpRequestMessage Request, bool Expect4xx)> WebhookMutations(string route, Uri webhook)
    {
        var withSecret = route.EndsWith("{secret}", StringComparison.Ordinal);
        var isGet = route.StartsWith("GET", StringComparison.Ordinal);
        Uri At(string secret) => new(webhook, withSecret ? Uri.EscapeDataString(secret) : "");
        HttpRequestMessage Request(Uri uri, string body = MailchimpUnsubscribe, string? contentType = "application/x-www-form-urlencoded") =>
            isGet ? new HttpRequestMessage(HttpMethod.Get, uri) : Post(uri, body, contentType);

        yield return ("unknown connection", Request(new Uri(webhook, $"../{UnknownId}/" + (withSecret ? WebhookSecret : ""))), true);
        yield return ("malformed connection id", Request(new Uri(webhook, "../%FF%FE%C0%AF/" + (withSecret ? WebhookSecret : ""))), true);
        yield return ("10,000-character connection id", Request(new Uri(webhook, $"../{new string('A', 10_000)}/" + (withSecret ? WebhookSecret : ""))), true);
        if (withSecret)
        {
            yield return ("wrong secret", Request(At("not-the-secret")), true);
            yield return ("secret with another case", Request(At(WebhookSecret.ToUpperInvariant())), true);
            yield return ("10,000-character secret", Request(At(new string('s', 10_000))), true);
        }

        if (isGet)
        {
            var hugeHeader = Request(At("not-the-secret"));
            hugeHeader.Headers.TryAddWithoutValidation("X-Junk", new string('j', 40_000));
            yield return ("40 KB header", hugeHeader, true);
            yield break;
        }

        var target = At(WebhookSecret);
        if (!withSecret)
        {
            var basic = Request(target);
            basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("massemail:guess")));
            yield return ("guessed basic auth", basic, true);
            yield break;
        }

        yield return ("2 MB body", Request(target, MailchimpUnsubscribe + "&x=" + new string('a', 2 * 1024 * 1024)), true);
        yield return ("body just over 64 KB", Request(target, MailchimpUnsubscribe + "&x=" + new string('a', 64 * 1024)), true);
        yield return ("invalid UTF-8", Post(target, [.. Encoding.ASCII.GetBytes("type=unsubscribe&data%5Bemail%5D="), 0xFF, 0xFE, 0xC0]), true);
        yield return ("no fired_at", Request(target, "type=unsubscribe&data%5Bemail%5D=victim%40example.com"), true);
        yield return ("fired_at not a time", Request(target, MailchimpUnsubscribe.Replace("2026-12-05+01%3A02%3A03", "yesterday", StringComparison.Ordinal)), true);
        yield return ("unknown type", Request(target, MailchimpUnsubscribe.Replace("type=unsubscribe", "type=explode", StringComparison.Ordinal)), true);
        yield return ("no address", Request(target, "type=unsubscribe&fired_at=2026-12-05+01%3A02%3A03"), true);
        yield return ("10,000 fields", Request(target, string.Join('&', Enumerable.Range(0, 10_000).Select(i => $"f{i}=1"))), true);
        yield return ("bad percent-encoding", Request(target, "type=%ZZ%E2%82&fired_at=%"), true);
        yield return ("JSON", Request(target, "{\"type\":\"unsubscribe\"}", "application/json"), true);
        yield return ("deep JSON", Request(target, new string('[', 10_000) + new string(']', 10_000), "application/json"), true);
        yield return ("empty body", Request(target, ""), true);
    }

    private static string SnsBody(params (string Name, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = "6b5a1ca6-0f1e-5e2e-9a4c-2c6b1b6f3d11",
            ["TopicArn"] = "arn:aws:sns:eu-west-1:123456789012:ses-events",
            ["Message"] = "{\"notificationType\":\"Bounce\",\"mail\":{\"messageId\":\"m\",\"tags\":{\"org\":[\"0123456789abcdef01234567\"]}},"
                + "\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"victim@example.com\"}]}}",
            ["Timestamp"] = "2026-12-04T09:00:00.000Z",
            ["SignatureVersion"] = "1",
            ["Signature"] = Convert.ToBase64String(new byte[256]),
            ["SigningCertURL"] = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem",
        };
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return System.Text.Json.JsonSerializer.Serialize(fields);
    }

    private static HttpRequestMessage Post(Uri uri, string body, string? contentType = "application/x-www-form-urlencoded") =>
        Post(uri, Encoding.UTF8.GetBytes(body), contentType);

    private static HttpRequestMessage Post(Uri uri, byte[] body, string? contentType = "application/x-www-form-urlencoded")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
    }

    private Task<IReadOnlyDictionary<string, string>> FingerprintAsync() =>
        StoreFingerprint.TakeAsync(fixture.Server.Store, fixture.Server.SqlitePath ?? "", fixture.Server.MongoDatabase ?? "");
}

/// <summary>A flood from one address, on a server of its own: its rate limiter must not starve the other hostile tests.</summary>
public abstract class PublicHttpFloodTests(OptOutServer fixture)
{
    [SkippableFact]
    public async Task Flood_FromOneAddress_OnlyAnswersOrRateLimitsAndChangesNothing()
    {
        fixture.SkipIfUnavailable();
        var world = await OptOutWorld.CreateAsync(fixture, 1);
        var (_, mail) = await world.SendAsync();
        var link = world.Local(mail.Values.Single().Link);
        var forged = new Uri(link, link.Segments[^1][..^4] + "AAAA");
        var before = await StoreFingerprint.TakeAsync(fixture.Server.Store, fixture.Server.SqlitePath ?? "", fixture.Server.MongoDatabase ?? "");
        using var client = new HttpClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = i % 2 == 0
                ? await client.GetAsync(forged)
                : await client.PostAsync(forged, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{s}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Empty(StoreFingerprint.Changed(before, await StoreFingerprint.TakeAsync(fixture.Server.Store, fixture.Server.SqlitePath ?? "", fixture.Server.MongoDatabase ?? "")));
    }
}

public sealed class SqlitePublicHttpFloodTests(SqliteOptOutServer fixture) : PublicHttpFloodTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoPublicHttpFloodTests(MongoOptOutServer fixture) : PublicHttpFloodTests(fixture), IClassFixture<MongoOptOutServer>;

public sealed class SqlitePublicHttpHostileTests(SqliteOptOutServer fixture) : PublicHttpHostileTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoPublicHttpHostileTests(MongoOptOutServer fixture) : PublicHttpHostileTests(fixture), IClassFixture<MongoOptOutServer>;
