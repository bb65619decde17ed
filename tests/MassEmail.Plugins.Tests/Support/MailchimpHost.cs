using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests;

/// <summary>The Mailchimp plugin composed by <c>AddMailchimpPlugin</c>, pointed at a <see cref="FakeMailchimp"/>, every log line captured.</summary>
internal sealed class MailchimpHost : IDisposable
{
    public const string WebhookSecret = "mc-webhook-secret-4b9e0d";

    private readonly ServiceProvider services;

    public MailchimpHost(FakeMailchimp fake, FakeTimeProvider time)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        collection.AddMailchimpPlugin(o =>
        {
            o.BaseUrl = fake.BaseAddress;
            o.Transport.RetryDelay = TimeSpan.FromMilliseconds(5);
        });
        services = collection.BuildServiceProvider();
        Plugin = services.GetRequiredService<ICampaignToolPlugin>();
    }

    public ICampaignToolPlugin Plugin { get; }

    public FakeLogCollector Logs => services.GetFakeLogCollector();

    public static PluginConnection Connection() => new("conn-mc", MailchimpPlugin.VendorName, "us6", new PluginCredentials(
        new Dictionary<string, string> { ["api_key"] = FakeMailchimp.ApiKey, ["webhook_secret"] = WebhookSecret }));

    public void Dispose() => services.Dispose();
}
