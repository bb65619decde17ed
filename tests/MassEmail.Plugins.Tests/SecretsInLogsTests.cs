using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests;

/// <summary>
/// Issue 14: secrets never appear in logs. Every category at Trace, structured state included (a JSON log sink writes
/// it), is captured while the plugins refresh tokens, sync, fail and parse webhooks; no line may hold a credential or an
/// access token.
/// </summary>
public sealed class SecretsInLogsTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Plugins_TokenRefreshSyncFailuresAndWebhooks_NoSecretInAnyLogLine()
    {
        await using var zoho = await FakeZohoCampaigns.StartAsync(time);
        await using var mailchimp = await FakeMailchimp.StartAsync(time);
        zoho.AddList("list-logs", "Logs");
        mailchimp.AddList("a1b2c3d4e5");
        using var zohoHost = new ZohoHost(zoho, time);
        using var mailchimpHost = new MailchimpHost(mailchimp, time);
        var zohoConnection = ZohoHost.Connection();
        var mailchimpConnection = MailchimpHost.Connection();
        MembershipChange[] changes =
        [
            new("r1", "a@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["First Name"] = "A" }, 1),
            MembershipChange.Of("r2", "b@example.org", MembershipChangeKind.Subscribe, 2),
            MembershipChange.Of("r3", "c@example.org", MembershipChangeKind.Unsubscribe, 3),
        ];

        await zohoHost.Plugin.ApplyAsync(zohoConnection, "list-logs", changes, CancellationToken.None);
        zoho.ExpireAccessTokens();
        await zohoHost.Plugin.ApplyAsync(zohoConnection, "list-logs", changes, CancellationToken.None);
        zoho.Unavailable = true;
        await zohoHost.Plugin.ApplyAsync(zohoConnection, "list-logs", changes, CancellationToken.None);
        await zohoHost.Plugin.ApplyAsync(zohoConnection with { Id = "conn-2" }, "list-logs", changes, CancellationToken.None);
        zohoHost.Plugin.ParseWebhook(zohoConnection, new WebhookRequest("POST", "wrong", new Dictionary<string, string>(), "application/json", "{}"));
        await mailchimpHost.Plugin.ApplyAsync(mailchimpConnection, "a1b2c3d4e5", changes, CancellationToken.None);
        mailchimp.ThrottleNext(5);
        await mailchimpHost.Plugin.ApplyAsync(mailchimpConnection, "a1b2c3d4e5", changes, CancellationToken.None);
        await mailchimpHost.Plugin.FetchOptOutsAsync(mailchimpConnection, "a1b2c3d4e5", null, CancellationToken.None);

        var lines = Lines(zohoHost.Logs).Concat(Lines(mailchimpHost.Logs)).ToList();
        string[] secrets =
        [
            .. zohoConnection.Credentials.Values, .. mailchimpConnection.Credentials.Values, .. zoho.IssuedAccessTokens,
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("massemail:" + FakeMailchimp.ApiKey)),
        ];
        Assert.True(lines.Count > 20, $"only {lines.Count} log lines: the capture is not working");
        Assert.Contains(lines, l => l.Contains("Issued a Zoho access token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Zoho refused the access token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Mailchimp batch for connection", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var leaked = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leaked is null, $"a secret in the log: {leaked}");
        }
    }

    private static IEnumerable<string> Lines(FakeLogCollector logs) =>
        logs.GetSnapshot().Select(r => $"{r.Category} {r.Level} {r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(s => s.Value) ?? [])}");
}
