using System.Text.Json;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp;
using MassEmail.Plugins.Mailchimp.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

public static class MailchimpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Mailchimp plugin as an <see cref="ICampaignToolPlugin"/>: its Refit client (retries on 5xx and 429,
    /// a timeout), the per-account connection limit and the echo filter for our own changes coming back as webhooks.
    /// </summary>
    public static IServiceCollection AddMailchimpPlugin(this IServiceCollection services, Action<MailchimpOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<MailchimpOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.Validate(o => o.MaxConnections is > 0 and <= 10, "Plugins:Mailchimp:MaxConnections must be 1–10 (Mailchimp allows 10)");
        services.TryAddSingleton(TimeProvider.System);
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        PluginTransport.Configure(services.AddRefitGeneratedClient<IMailchimpApi>(_ => settings), "mailchimp",
            sp => sp.GetRequiredService<IOptions<MailchimpOptions>>().Value.Transport);
        services.TryAddSingleton<MailchimpConnections>();
        services.TryAddSingleton<MailchimpEchoFilter>();
        services.TryAddSingleton(sp => new MailchimpPlugin(
            sp.GetRequiredService<IMailchimpApi>(), sp.GetRequiredService<MailchimpConnections>(), sp.GetRequiredService<MailchimpEchoFilter>(),
            sp.GetRequiredService<IOptions<MailchimpOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MailchimpPlugin>>()));
        services.AddSingleton<ICampaignToolPlugin>(sp => sp.GetRequiredService<MailchimpPlugin>());
        return services;
    }
}
