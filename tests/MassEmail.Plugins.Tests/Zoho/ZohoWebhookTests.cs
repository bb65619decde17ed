using System.Text;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>Zoho's Email-API-style webhooks (unsubscribed, bounce, spam): unsigned, so a per-connection secret or basic auth.</summary>
public sealed class ZohoWebhookTests : IAsyncLifetime
{
    private const string Body = """
        {"action":"unsubscribed","data":[{"contact_email":"u1@example.org"},{"contact_email":"u2@example.org"}]}
        """;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync() => fake = await FakeZohoCampaigns.StartAsync(time);

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public void ParseWebhook_RightSecret_UnsubscribesParsed()
    {
        using var host = new ZohoHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(ZohoHost.Connection(), Request("zoho-webhook-secret-77a1", Body));

        Assert.Equal(WebhookDecision.Accepted, verdict.Decision);
        Assert.Equal(200, verdict.StatusCode);
        Assert.Equal([(WebhookEventKind.Unsubscribed, "u1@example.org"), (WebhookEventKind.Unsubscribed, "u2@example.org")], verdict.Events.Select(e => (e.Kind, e.Email)));
        Assert.Equal(2, verdict.Events.Select(e => e.DedupKey).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zoho-webhook-secret-77a2")]
    public void ParseWebhook_WrongOrMissingSecret_Unauthorized(string? secret)
    {
        using var host = new ZohoHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(ZohoHost.Connection(), Request(secret, Body));

        Assert.Equal(WebhookDecision.Unauthorized, verdict.Decision);
        Assert.Equal(401, verdict.StatusCode);
        Assert.Empty(verdict.Events);
    }

    [Fact]
    public void ParseWebhook_BasicAuthOfTheConnection_Accepted()
    {
        using var host = new ZohoHost(fake, time);
        var connection = new PluginConnection("conn-basic", "zoho-campaigns", "com", new PluginCredentials(new Dictionary<string, string>
        {
            ["webhook_user"] = "zoho",
            ["webhook_password"] = "basic-pass-31c",
        }));
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("zoho:basic-pass-31c"));
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("zoho:basic-pass-31d"));
        const string bounce = """{"action":"bounce","data":[{"contact_email":"b@example.org","bounce_type":"hard"}]}""";

        var verdict = host.Plugin.ParseWebhook(connection, Request(null, bounce, basic));
        var refused = host.Plugin.ParseWebhook(connection, Request(null, bounce, wrong));

        Assert.Equal([(WebhookEventKind.Bounced, "b@example.org")], verdict.Events.Select(e => (e.Kind, e.Email)));
        Assert.Equal(WebhookDecision.Unauthorized, refused.Decision);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"action":"unsubscribed","data":"x"}""")]
    public void ParseWebhook_Malformed_400AndNoEvents(string body)
    {
        using var host = new ZohoHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(ZohoHost.Connection(), Request("zoho-webhook-secret-77a1", body));

        Assert.Equal(400, verdict.StatusCode);
        Assert.Empty(verdict.Events);
    }

    private static WebhookRequest Request(string? secret, string body, string? authorization = null) =>
        new("POST", secret, authorization is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = authorization },
            "application/json", body);
}
