using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Mailchimp;

/// <summary>
/// Mailchimp webhooks at the plugin level: form-encoded, unsigned (the secret is in the URL), validated by a GET,
/// never answered 410, our own API changes ignored when they come back.
/// </summary>
public sealed class MailchimpWebhookTests : IAsyncLifetime
{
    private const string ListId = "a1b2c3d4e5";
    private const string Unsubscribe =
        "type=unsubscribe&fired_at=2009-03-26+21%3A40%3A57&data%5Baction%5D=unsub&data%5Breason%5D=manual&data%5Bid%5D=8a25ff1d98" +
        "&data%5Blist_id%5D=a1b2c3d4e5&data%5Bemail%5D=api%2Bunsub%40mailchimp.com&data%5Bemail_type%5D=html&data%5Bmerges%5D%5BEMAIL%5D=api%2Bunsub%40mailchimp.com";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeMailchimp fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeMailchimp.StartAsync(time);
        fake.AddList(ListId);
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public void ParseWebhook_Unsubscribe_OneEventWithAddressListAndFiredAtInUtc()
    {
        using var host = new MailchimpHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(MailchimpHost.Connection(), Post(MailchimpHost.WebhookSecret, Unsubscribe));

        Assert.Equal(WebhookDecision.Accepted, verdict.Decision);
        Assert.Equal(200, verdict.StatusCode);
        var e = Assert.Single(verdict.Events);
        Assert.Equal(WebhookEventKind.Unsubscribed, e.Kind);
        Assert.Equal("api+unsub@mailchimp.com", e.Email);
        Assert.Equal(ListId, e.RemoteListId);
        Assert.Equal(new DateTimeOffset(2009, 3, 26, 21, 40, 57, TimeSpan.Zero), e.FiredAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mc-webhook-secret-4b9e0e")]
    public void ParseWebhook_WrongOrMissingSecret_401NeverAnEvent(string? secret)
    {
        using var host = new MailchimpHost(fake, time);

        var post = host.Plugin.ParseWebhook(MailchimpHost.Connection(), Post(secret, Unsubscribe));
        var get = host.Plugin.ParseWebhook(MailchimpHost.Connection(), Get(secret));

        Assert.Equal(WebhookDecision.Unauthorized, post.Decision);
        Assert.Equal(401, post.StatusCode);
        Assert.Empty(post.Events);
        Assert.Equal(401, get.StatusCode);
    }

    [Fact]
    public void ParseWebhook_GetValidation_200AndNothingToDo()
    {
        using var host = new MailchimpHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(MailchimpHost.Connection(), Get(MailchimpHost.WebhookSecret));

        Assert.Equal(WebhookDecision.Validation, verdict.Decision);
        Assert.Equal(200, verdict.StatusCode);
        Assert.Empty(verdict.Events);
    }

    [Fact]
    public async Task ParseWebhook_EchoOfOurOwnUnsubscribe_Ignored_ButTheContactsOwnResubscribeIsNot()
    {
        using var host = new MailchimpHost(fake, time);
        var connection = MailchimpHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListId, [MembershipChange.Of("r1", "API+Unsub@mailchimp.com", MembershipChangeKind.Unsubscribe, 1)], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));

        var echo = host.Plugin.ParseWebhook(connection, Post(MailchimpHost.WebhookSecret, Unsubscribe));
        var own = host.Plugin.ParseWebhook(connection, Post(MailchimpHost.WebhookSecret, Unsubscribe.Replace("type=unsubscribe", "type=subscribe", StringComparison.Ordinal)));
        time.Advance(TimeSpan.FromHours(1));
        var muchLater = host.Plugin.ParseWebhook(connection, Post(MailchimpHost.WebhookSecret, Unsubscribe));

        Assert.Equal(200, echo.StatusCode);
        Assert.Empty(echo.Events);
        Assert.Equal(1, echo.Ignored);
        Assert.Equal(WebhookEventKind.Subscribed, Assert.Single(own.Events).Kind);
        Assert.Single(muchLater.Events);
    }

    [Theory]
    [InlineData("type=cleaned&fired_at=2026-03-02+08%3A00%3A00&data%5Breason%5D=hard&data%5Bemail%5D=x%40example.org&data%5Blist_id%5D=a1b2c3d4e5", WebhookEventKind.Bounced)]
    [InlineData("type=cleaned&fired_at=2026-03-02+08%3A00%3A00&data%5Breason%5D=abuse&data%5Bemail%5D=x%40example.org&data%5Blist_id%5D=a1b2c3d4e5", WebhookEventKind.Complained)]
    [InlineData("type=profile&fired_at=2026-03-02+08%3A00%3A00&data%5Bemail%5D=x%40example.org&data%5Blist_id%5D=a1b2c3d4e5", WebhookEventKind.ProfileUpdated)]
    [InlineData("type=upemail&fired_at=2026-03-02+08%3A00%3A00&data%5Bold_email%5D=x%40example.org&data%5Bnew_email%5D=y%40example.org&data%5Blist_id%5D=a1b2c3d4e5", WebhookEventKind.EmailChanged)]
    public void ParseWebhook_OtherTypes_Mapped(string body, WebhookEventKind kind)
    {
        using var host = new MailchimpHost(fake, time);

        var e = Assert.Single(host.Plugin.ParseWebhook(MailchimpHost.Connection(), Post(MailchimpHost.WebhookSecret, body)).Events);

        Assert.Equal(kind, e.Kind);
        Assert.Equal("x@example.org", e.Email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("type=unsubscribe")]
    [InlineData("type=unsubscribe&fired_at=2026-03-02T08:00:00Z&data%5Bemail%5D=x%40example.org")]
    [InlineData("type=teleport&fired_at=2026-03-02+08%3A00%3A00&data%5Bemail%5D=x%40example.org")]
    [InlineData("type=unsubscribe&fired_at=2026-03-02+08%3A00%3A00")]
    [InlineData("%%%&&&===")]
    public void ParseWebhook_Malformed_400NeverGone(string body)
    {
        using var host = new MailchimpHost(fake, time);

        var verdict = host.Plugin.ParseWebhook(MailchimpHost.Connection(), Post(MailchimpHost.WebhookSecret, body));

        Assert.Equal(400, verdict.StatusCode);
        Assert.NotEqual(410, verdict.StatusCode);
        Assert.Empty(verdict.Events);
    }

    private static WebhookRequest Post(string? secret, string body) =>
        new("POST", secret, new Dictionary<string, string>(), "application/x-www-form-urlencoded", body);

    private static WebhookRequest Get(string? secret) => new("GET", secret, new Dictionary<string, string>(), null, "");
}
