using System.Net;
using MassEmail.Contracts.V1;
using MassEmail.Core.Deliverability;
using MassEmail.Server.Tests.Sending;
using MassEmail.Server.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using CoreEngagement = MassEmail.Core.Deliverability.EngagementCounts;
using EngagementCounts = MassEmail.Contracts.V1.EngagementCounts;

namespace MassEmail.Server.Tests.Sns;

/// <summary>
/// Issue 12 acceptance (SNS): valid v1 and v2 signatures accepted in both SES payload shapes; a tampered message, a
/// certificate from another host or over http, an unknown topic are refused with nothing changed; a duplicate MessageId
/// is applied once; a permanent bounce suppresses, so the next send skips the address as SUPPRESSED; a complaint
/// suppresses and opts the record out; a subscription is confirmed only at an SNS host.
/// </summary>
public abstract class SnsEndpointTests(SnsServer fixture)
{
    [SkippableFact]
    public async Task Notifications_ValidV1AndV2InBothShapes_Applied()
    {
        fixture.SkipIfUnavailable();
        var (setup, recipients) = await SeedAsync("Sns Valid Org", "sns-valid.example", 3);
        var complainer = await RecordIdAsync(recipients, "p1@sns-valid.example");
        using var http = new HttpClient();

        var bounce = await PostAsync(http, fixture.Sns.Notification(New(), SesPayloads.Bounce(setup.OrgId, "p0@sns-valid.example"), version: 1));
        var complaint = await PostAsync(http, fixture.Sns.Notification(New(), SesPayloads.Complaint(setup.OrgId, "P1@sns-valid.example", complainer, eventShape: true), version: 2));
        var sendId = MassEmail.Core.Ids.New(TimeProvider.System);
        var transient = await PostAsync(http, fixture.Sns.Notification(
            New(), SesPayloads.Bounce(setup.OrgId, "P2@sns-valid.example", "Transient", "MailboxFull", eventShape: true, sendId: sendId), version: 2));
        var onAccount = await PostAsync(http, fixture.Sns.Notification(
            New(), SesPayloads.Bounce(setup.OrgId, "listed@sns-valid.example", subType: "OnAccountSuppressionList", eventShape: true, sendId: sendId),
            version: 1,
            subject: "Amazon SES Email Event Notification"));
        var delivered = await PostAsync(http, fixture.Sns.Notification(New(), SesPayloads.Delivery(setup.OrgId, "p0@sns-valid.example", sendId), version: 2));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { bounce, complaint, transient, onAccount, delivered });
        var events = fixture.Server.Services.GetRequiredService<IDeliveryEventStore>();
        var recorded = await events.ListAsync(setup.OrgId, sendId, CancellationToken.None);
        Assert.Contains(recorded, e => e is { EmailKey: "p2@sns-valid.example", Kind: "Bounce", Bounce: BounceType.Transient, SubType: "MailboxFull" });
        Assert.Contains(recorded, e => e is { EmailKey: "listed@sns-valid.example", Bounce: BounceType.Permanent, SubType: "OnAccountSuppressionList" });
        Assert.Equal(
            CoreEngagement.None with { Delivered = 1, BouncedTransient = 1 },
            await events.CountAsync(setup.OrgId, sendId, CancellationToken.None));
        var bounced = await CheckAsync(recipients, "p0@sns-valid.example");
        Assert.Equal((SuppressionReason.Bounce, "ses-bounce"), (bounced!.Reason, bounced.Source));
        Assert.Contains("550 5.1.1", bounced.Detail, StringComparison.Ordinal);
        Assert.Equal(SuppressionReason.Complaint, (await CheckAsync(recipients, "p1@sns-valid.example"))?.Reason);
        Assert.True((await recipients.GetRecordAsync(new GetRecordRequest { Id = complainer })).Record.EmailOptOut);
        Assert.Null(await CheckAsync(recipients, "p2@sns-valid.example"));
        Assert.StartsWith("OnAccountSuppressionList", (await CheckAsync(recipients, "listed@sns-valid.example"))?.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Notifications_NotProvenToComeFromTheTopic_RefusedAndNothingChanged()
    {
        fixture.SkipIfUnavailable();
        var (setup, recipients) = await SeedAsync("Sns Refused Org", "sns-refused.example", 1);
        const string victim = "p0@sns-refused.example";
        var payload = SesPayloads.Bounce(setup.OrgId, victim);
        using var http = new HttpClient();
        using var counted = new InboundEventCounter();
        var fetchedBefore = fixture.Sns.Fetched.Count;

        var tampered = fixture.Sns.Notification(New(), SesPayloads.Bounce(setup.OrgId, "other@sns-refused.example"));
        tampered["Message"] = payload;
        var wrongHost = Resigned(fixture.Sns.Notification(New(), payload), "SigningCertURL", "https://evil.example.com/SimpleNotificationService-test.pem");
        var lookalike = Resigned(fixture.Sns.Notification(New(), payload), "SigningCertURL", "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem");
        var httpCert = Resigned(fixture.Sns.Notification(New(), payload), "SigningCertURL", $"http://{fixture.Sns.Authority}{FakeSns.CertPath}");
        var notPem = Resigned(fixture.Sns.Notification(New(), payload), "SigningCertURL", $"https://{fixture.Sns.Authority}/confirm");
        var unknownTopic = Resigned(fixture.Sns.Notification(New(), payload), "TopicArn", "arn:aws:sns:eu-west-1:999999999999:someone-elses");
        var version3 = Resigned(fixture.Sns.Notification(New(), payload), "SignatureVersion", "2");
        version3["SignatureVersion"] = "3";

        var statuses = new Dictionary<string, HttpStatusCode>
        {
            ["tampered"] = await PostAsync(http, tampered),
            ["wrong certificate host"] = await PostAsync(http, wrongHost),
            ["lookalike certificate host"] = await PostAsync(http, lookalike),
            ["http certificate URL"] = await PostAsync(http, httpCert),
            ["certificate URL not .pem"] = await PostAsync(http, notPem),
            ["unknown topic"] = await PostAsync(http, unknownTopic),
            ["signature version 3"] = await PostAsync(http, version3),
        };
        using var malformed = await http.PostAsync(fixture.Endpoint, new StringContent("{\"Type\":\"Notification\"", System.Text.Encoding.UTF8, "text/plain"));

        Assert.All(statuses, s => Assert.True(s.Value == HttpStatusCode.Forbidden, $"{s.Key}: {s.Value}"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Empty((await recipients.ListSuppressionsAsync(new ListSuppressionsRequest())).Suppressions);
        // Only the tampered message's certificate (a genuine URL) was fetched; nothing from the refused places.
        Assert.All(fixture.Sns.Fetched.Skip(fetchedBefore), f => Assert.Equal(FakeSns.CertPath, f));
        Assert.True(counted["sns", "none", "refused"] >= statuses.Count, $"refused {counted["sns", "none", "refused"]}");
        Assert.True(counted["sns", "none", "malformed"] >= 1, $"malformed {counted["sns", "none", "malformed"]}");
    }

    [SkippableFact]
    public async Task Notification_SameMessageIdTwice_AppliedOnce()
    {
        fixture.SkipIfUnavailable();
        var (setup, recipients) = await SeedAsync("Sns Duplicate Org", "sns-dup.example", 1);
        const string email = "p0@sns-dup.example";
        var message = fixture.Sns.Notification(New(), SesPayloads.Bounce(setup.OrgId, email), version: 2);
        using var http = new HttpClient();
        using var counted = new InboundEventCounter();

        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, message));
        Assert.True((await recipients.RemoveSuppressionAsync(new RemoveSuppressionRequest { Email = email })).Removed);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, message));

        // The retry was recognised and not applied again: the operator's lifting stands.
        Assert.Null(await CheckAsync(recipients, email));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, fixture.Sns.Notification(New(), SesPayloads.Bounce(setup.OrgId, email), version: 2)));
        Assert.NotNull(await CheckAsync(recipients, email));
        // massemail_inbound_events_total counts them: two applied bounces, the retry ignored.
        Assert.True(counted["sns", "bounce", "applied"] >= 2, $"applied {counted["sns", "bounce", "applied"]}");
        Assert.True(counted["sns", "bounce", "ignored"] >= 1, $"ignored {counted["sns", "bounce", "ignored"]}");
    }

    [SkippableFact]
    public async Task SubscriptionConfirmation_ConfirmedOnlyAtAnSnsHost()
    {
        fixture.SkipIfUnavailable();
        using var http = new HttpClient();
        var good = fixture.Sns.Confirmation(New());
        var evil = fixture.Sns.Confirmation(New(), subscribeUrl: "https://evil.example.com/confirm?Token=x");

        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, good));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(http, evil));

        Assert.Contains($"/confirm?Token=token-{good["MessageId"]}", fixture.Sns.Fetched);
        Assert.DoesNotContain(fixture.Sns.Fetched, f => f.Contains(evil["MessageId"], StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task PermanentBounce_NextSendSkipsTheAddressAsSuppressed()
    {
        fixture.SkipIfUnavailable();
        const string domain = "sns-send.example";
        var (setup, _) = await SeedAsync("Sns Send Org", domain, 5);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, fixture.Sns.Notification(New(), SesPayloads.Bounce(setup.OrgId, $"p2@{domain}"))));

        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "sns-bounce-1"))).Send;
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal(SendState.Completed, final.State);
        var skipped = await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id, SkipReason = SkipReason.Suppressed });
        Assert.Equal($"p2@{domain}", Assert.Single(skipped.Deliveries).Email);
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.Equal(4, mail.Count);
        Assert.DoesNotContain($"p2@{domain}", mail);

        // SES's later events about the send's messages show on the send.
        foreach (var payload in new[]
        {
            SesPayloads.Delivery(setup.OrgId, $"p0@{domain}", send.Id),
            SesPayloads.Open(setup.OrgId, $"p0@{domain}", send.Id),
            SesPayloads.Open(setup.OrgId, $"p0@{domain}", send.Id),
            SesPayloads.Bounce(setup.OrgId, $"p1@{domain}", "Transient", "MailboxFull", eventShape: true, sendId: send.Id),
        })
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, fixture.Sns.Notification(New(), payload, version: 2)));
        }

        var engagement = (await setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id })).Send.Engagement;
        Assert.Equal(new EngagementCounts { Delivered = 1, Opened = 2, OpenedUnique = 1, BouncedTransient = 1 }, engagement);
        var watched = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];
        Assert.Equal(engagement, watched.Engagement);
    }

    private static string New() => Guid.NewGuid().ToString();

    private Dictionary<string, string> Resigned(Dictionary<string, string> fields, string name, string value)
    {
        fields[name] = value;
        return fixture.Sns.Sign(fields);
    }

    private async Task<HttpStatusCode> PostAsync(HttpClient http, Dictionary<string, string> fields)
    {
        using var response = await http.PostAsync(fixture.Endpoint, FakeSns.Body(fields));
        return response.StatusCode;
    }

    private async Task<(SendHelpers.Setup Setup, RecipientsService.RecipientsServiceClient Recipients)> SeedAsync(string org, string domain, int candidates)
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, org, domain, candidates);
        return (setup, new RecipientsService.RecipientsServiceClient(setup.Invoker));
    }

    private static async Task<string> RecordIdAsync(RecipientsService.RecipientsServiceClient recipients, string email)
    {
        var page = await recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 100 });
        return page.Records.Single(r => r.Email == email).Id;
    }

    private static async Task<Suppression?> CheckAsync(RecipientsService.RecipientsServiceClient recipients, string email) =>
        (await recipients.CheckSuppressionAsync(new CheckSuppressionRequest { Email = email })).Suppression;
}

[Trait("Store", "Sqlite")]
public sealed class SnsEndpointSqliteTests(SqliteSnsServer f) : SnsEndpointTests(f), IClassFixture<SqliteSnsServer>;

[Trait("Store", "Mongo")]
public sealed class SnsEndpointMongoTests(MongoSnsServer f) : SnsEndpointTests(f), IClassFixture<MongoSnsServer>;
