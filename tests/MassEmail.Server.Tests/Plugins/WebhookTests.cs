using System.Net;
using MassEmail.Core;
using MassEmail.Core.Consent;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Server.Tests.Hostile;
using MassEmail.Server.Tests.OptOut;
using MassEmail.Server.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using CoreModule = MassEmail.Core.Recipients.RecordModule;
using CoreRecords = MassEmail.Core.Recipients.IRecordStore;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14 acceptance: a Mailchimp unsubscribe webhook unsubscribes the record from the mapped local list and the next
/// mass send to that list skips it; a wrong-secret or forged webhook changes nothing; the GET validation answers 200.
/// Real Kestrel on the public endpoint, the SES emulator counting the mail.
/// </summary>
public abstract class WebhookTests(OptOutServer fixture)
{
    private const string Secret = "mc-webhook-secret-3f9a";
    private const string RemoteList = "mc-list-1";

    [SkippableFact]
    public async Task MailchimpUnsubscribe_LeavesMappedLocalList_NextSendToItSkipsTheRecord_RedeliveryChangesNothing()
    {
        fixture.SkipIfUnavailable();
        var (world, listId, url) = await MappedConnectionAsync();
        using var client = new HttpClient();
        using var counted = new InboundEventCounter();
        var leaving = $"p0@{world.Domain}";

        using (var validation = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        }

        foreach (var delivery in Enumerable.Range(0, 2))
        {
            using var response = await client.PostAsync(url, Unsubscribe(leaving, RemoteList));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var record = Assert.Single(await Service<CoreRecords>().FindByEmailKeyAsync(world.Setup.OrgId, CoreModule.Candidates, leaving, 10, default));
        Assert.Equal(SubscriptionState.Unsubscribed, (await Service<IListSubscriptionStore>().GetAsync(world.Setup.OrgId, listId, record.Id, default))?.State);
        var history = await Service<IConsentStore>().HistoryAsync(world.Setup.OrgId, record.Id, 10, default);
        Assert.Equal([(listId, ConsentKind.Unsubscribed, ConsentSource.Plugin)], history.Select(h => (h.ListId, h.Kind, h.Source)));

        var (send, mail) = await world.SendAsync(listId);

        Assert.Equal(1, send.Counts.Sent);
        Assert.Contains($"p1@{world.Domain}", Assert.Single(mail.Keys), StringComparison.Ordinal);
        Assert.True(counted["mailchimp", "unsubscribed", "applied"] >= 2, $"applied {counted["mailchimp", "unsubscribed", "applied"]}");
    }

    [SkippableFact]
    public async Task WrongSecretForgedMalformedOrOversized_AnsweredFourHundredsAndNothingChanges()
    {
        fixture.SkipIfUnavailable();
        var (world, _, url) = await MappedConnectionAsync();
        var email = $"p0@{world.Domain}";
        var wrongSecret = new Uri(url.ToString()[..^Secret.Length] + "not-the-secret");
        var unknownConnection = new Uri(new Uri(url, "../"), "0123456789abcdef01234567/" + Secret);
        var before = await FingerprintAsync();
        using var client = new HttpClient();
        using var counted = new InboundEventCounter();

        var answers = new List<(string Name, HttpStatusCode Status)>();
        async Task Send(string name, Func<Task<HttpResponseMessage>> call)
        {
            using var response = await call();
            answers.Add((name, response.StatusCode));
        }

        await Send("wrong secret", () => client.PostAsync(wrongSecret, Unsubscribe(email, RemoteList)));
        await Send("GET with a wrong secret", () => client.GetAsync(wrongSecret));
        await Send("no secret", () => client.PostAsync(new Uri(url.ToString()[..^(Secret.Length + 1)]), Unsubscribe(email, RemoteList)));
        await Send("unknown connection", () => client.PostAsync(unknownConnection, Unsubscribe(email, RemoteList)));
        await Send("no fired_at", () => client.PostAsync(url, Form(("type", "unsubscribe"), ("data[email]", email), ("data[list_id]", RemoteList))));
        await Send("unknown type", () => client.PostAsync(url, Form(("type", "explode"), ("fired_at", "2026-12-05 01:00:00"), ("data[email]", email))));
        await Send("over 64 KB", () => client.PostAsync(url, Form(("type", "unsubscribe"), ("x", new string('a', 65 * 1024)))));

        Assert.Equal(
            [
                ("wrong secret", HttpStatusCode.Unauthorized), ("GET with a wrong secret", HttpStatusCode.Unauthorized),
                ("no secret", HttpStatusCode.Unauthorized), ("unknown connection", HttpStatusCode.Unauthorized),
                ("no fired_at", HttpStatusCode.BadRequest), ("unknown type", HttpStatusCode.BadRequest),
                ("over 64 KB", HttpStatusCode.RequestEntityTooLarge),
            ],
            answers);
        Assert.Empty(StoreFingerprint.Changed(before, await FingerprintAsync()));
        Assert.True(counted["mailchimp", "none", "refused"] >= 3, $"refused {counted["mailchimp", "none", "refused"]}");
        Assert.True(counted["unknown", "none", "refused"] >= 1, $"unknown {counted["unknown", "none", "refused"]}");
        Assert.True(counted["mailchimp", "none", "malformed"] >= 2, $"malformed {counted["mailchimp", "none", "malformed"]}");
    }

    [SkippableFact]
    public async Task MailchimpUnsubscribe_OfAnUnmappedRemoteList_ChangesNothing_CountedIgnored()
    {
        fixture.SkipIfUnavailable();
        var (world, _, url) = await MappedConnectionAsync();
        var before = await FingerprintAsync();
        using var client = new HttpClient();
        using var counted = new InboundEventCounter();

        using var response = await client.PostAsync(url, Unsubscribe($"p0@{world.Domain}", "another-list"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(StoreFingerprint.Changed(before, await FingerprintAsync()));
        Assert.True(counted["mailchimp", "unsubscribed", "ignored"] >= 1, $"ignored {counted["mailchimp", "unsubscribed", "ignored"]}");
    }

    [SkippableFact]
    public async Task ZohoUnsubscribed_WithBasicAuth_LeavesTheMappedList_WrongPasswordChangesNothing()
    {
        fixture.SkipIfUnavailable();
        var create = PluginsServiceTests.Zoho("Zoho EU", "eu");
        create.ZohoCampaigns.WebhookUser = "zoho-hooks";
        create.ZohoCampaigns.WebhookPassword = "zoho-hooks-password-7c1e";
        var (world, listId, connection) = await MappedConnectionAsync(create, "zoho-list-1");
        Assert.Equal($"{OptOutServer.BaseUrl}/webhooks/{connection.Id}", connection.WebhookUrl);
        var url = world.Local(connection.WebhookUrl);
        var leaving = $"p0@{world.Domain}";
        using var client = new HttpClient();
        HttpRequestMessage Post(string password) => new(HttpMethod.Post, url)
        {
            Content = new StringContent($"{{\"action\":\"unsubscribed\",\"data\":[{{\"contact_email\":\"{leaving}\"}}]}}", System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"zoho-hooks:{password}"))) },
        };
        var before = await FingerprintAsync();

        using (var refused = await client.SendAsync(Post("guess")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Empty(StoreFingerprint.Changed(before, await FingerprintAsync()));
        using (var accepted = await client.SendAsync(Post("zoho-hooks-password-7c1e")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var record = Assert.Single(await Service<CoreRecords>().FindByEmailKeyAsync(world.Setup.OrgId, CoreModule.Candidates, leaving, 10, default));
        var subscription = await Service<IListSubscriptionStore>().GetAsync(world.Setup.OrgId, listId, record.Id, default);
        Assert.Equal((SubscriptionState.Unsubscribed, ConsentSource.Plugin), (subscription?.State, subscription?.Source));
    }

    [SkippableFact]
    public async Task MailchimpCleanedAndAbuse_SuppressTheAddresses_AsBounceAndComplaintFromThePlugin_AbuseAlsoOptsOut()
    {
        fixture.SkipIfUnavailable();
        var (world, _, url) = await MappedConnectionAsync();
        var (bouncing, complaining) = ($"p0@{world.Domain}", $"p1@{world.Domain}");
        using var client = new HttpClient();

        using (var cleaned = await client.PostAsync(url, Form(
            ("type", "cleaned"), ("fired_at", "2026-12-05 01:02:03"), ("data[list_id]", RemoteList), ("data[reason]", "hard"), ("data[email]", bouncing))))
        {
            Assert.Equal(HttpStatusCode.OK, cleaned.StatusCode);
        }

        using (var abuse = await client.PostAsync(url, Form(
            ("type", "unsubscribe"), ("fired_at", "2026-12-05 01:02:04"), ("data[list_id]", RemoteList), ("data[reason]", "abuse"), ("data[email]", complaining))))
        {
            Assert.Equal(HttpStatusCode.OK, abuse.StatusCode);
        }

        var suppressions = Service<MassEmail.Core.Suppressions.ISuppressionStore>();
        var bounced = await suppressions.GetAsync(world.Setup.OrgId, bouncing, default);
        var complained = await suppressions.GetAsync(world.Setup.OrgId, complaining, default);
        Assert.Equal((MassEmail.Core.Suppressions.SuppressionReason.Bounce, ConsentSource.Plugin), (bounced?.Reason, bounced?.Source));
        Assert.Equal((MassEmail.Core.Suppressions.SuppressionReason.Complaint, ConsentSource.Plugin), (complained?.Reason, complained?.Source));

        // A complaint also opts the records out of all email (the stricter of what webhooks and polling did before
        // they shared one rule), though the remote list is synced from a local list; a bounce only suppresses.
        var records = Service<CoreRecords>();
        Assert.True(Assert.Single(await records.FindByEmailKeyAsync(world.Setup.OrgId, CoreModule.Candidates, complaining, 10, default)).EmailOptOut);
        Assert.False(Assert.Single(await records.FindByEmailKeyAsync(world.Setup.OrgId, CoreModule.Candidates, bouncing, 10, default)).EmailOptOut);
    }

    /// <summary>
    /// Two candidates on a local list, a Mailchimp connection with a webhook secret, and a sync definition mapping the
    /// local list to <see cref="RemoteList"/> (stored directly: creating one through the API asks the vendor for its
    /// lists, which this server has no fake of). Returns the webhook URL on the local public endpoint.
    /// </summary>
    private async Task<(OptOutWorld World, string ListId, Uri Url)> MappedConnectionAsync()
    {
        var (world, listId, connection) = await MappedConnectionAsync(PluginsServiceTests.Mailchimp("Mailchimp", "", FakeMailchimp.ApiKey), RemoteList);
        Assert.Equal($"{OptOutServer.BaseUrl}/webhooks/{connection.Id}/{{webhook_secret}}", connection.WebhookUrl);
        return (world, listId, world.Local(connection.WebhookUrl.Replace("{webhook_secret}", Secret, StringComparison.Ordinal)));
    }

    private async Task<(OptOutWorld World, string ListId, Contracts.V1.PluginConnection Connection)> MappedConnectionAsync(
        Contracts.V1.CreateConnectionRequest create, string remoteList)
    {
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var listId = await world.CreateListAsync("Newsletter");
        var connection = (await new Contracts.V1.PluginsService.PluginsServiceClient(world.Setup.Invoker).CreateConnectionAsync(create)).Connection;
        var settings = new SyncSettings(
            CoreModule.Candidates, new SyncSource(SyncSourceKind.List, listId), remoteList, [], true, RecordDeletedAction.RemoveFromList,
            new ScheduleTiming(new DateTime(2030, 1, 1, 9, 0, 0), "Europe/Warsaw", null), false);
        await Service<ISyncDefinitionStore>().InsertAsync(
            new SyncDefinition(Ids.New(), world.Setup.OrgId, connection.Id, "Newsletter to Mailchimp", settings, SyncStatus.Initial, Ids.New(),
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1),
            default);
        return (world, listId, connection);
    }

    /// <summary>Mailchimp's unsubscribe webhook as its docs show it.</summary>
    internal static FormUrlEncodedContent Unsubscribe(string email, string listId) => Form(
        ("type", "unsubscribe"), ("fired_at", "2026-12-05 01:02:03"), ("data[action]", "unsub"), ("data[reason]", "manual"),
        ("data[id]", "8a25ff1d98"), ("data[list_id]", listId), ("data[email]", email), ("data[email_type]", "html"),
        ("data[merges][EMAIL]", email), ("data[ip_opt]", "10.20.10.30"));

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private T Service<T>()
        where T : notnull => fixture.Server.Services.GetRequiredService<T>();

    private Task<IReadOnlyDictionary<string, string>> FingerprintAsync() =>
        StoreFingerprint.TakeAsync(fixture.Server.Store, fixture.Server.SqlitePath ?? "", fixture.Server.MongoDatabase ?? "");
}

public sealed class SqliteWebhookTests(SqliteOptOutServer fixture) : WebhookTests(fixture), IClassFixture<SqliteOptOutServer>;

public sealed class MongoWebhookTests(MongoOptOutServer fixture) : WebhookTests(fixture), IClassFixture<MongoOptOutServer>;
