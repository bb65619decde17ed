using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Suppressions;
using MassEmail.Ses;
using MassEmail.Ses.Api;
using MassEmail.Ses.Credentials;
using MassEmail.Ses.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Amazon SES v2 transport.</summary>
public static class SesServiceCollectionExtensions
{
    // SES v2 signs as "ses" although its host name is "email.{region}.amazonaws.com".
    private const string SigningServiceName = "ses";

    // Bounds what a misbehaving endpoint can make us buffer; real SES answers are a few hundred bytes.
    private const long MaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// Registers an <see cref="IMailTransport"/> named "ses" with its options (section
    /// <see cref="SesOptions.SectionName"/>, validated at start) and a typed HttpClient whose requests
    /// are SigV4-signed with AWS's standard credential chain. Register your own <see cref="AWSCredentials"/>
    /// singleton to sign with other credentials. A hosted service resolves the credentials and asks SES GetAccount
    /// at start, and logs what it finds.
    /// </summary>
    public static IServiceCollection AddSesTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SesOptions>()
            .Bind(configuration.GetSection(SesOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesOptions>, SesOptionsValidator>());
        services.TryAddSingleton(SesCredentials.FromServices);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SesAccountCache>();
        services.TryAddSingleton<RejectionBreaker>();

        services.AddHttpClient<SesApiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SesOptions>>().Value;
                http.BaseAddress = SesEndpoint.BaseAddress(options);
                http.Timeout = options.Timeout;
                http.MaxResponseContentBufferSize = MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<SesOptions>>().Value;
                return new SigV4SigningHandler(
                    sp.GetRequiredService<SesCredentials>(),
                    RegionEndpoint.GetBySystemName(options.Region),
                    SigningServiceName,
                    new SocketsHttpHandler
                    {
                        // Required by the signer: a followed redirect would go out unsigned or mis-signed.
                        AllowAutoRedirect = false,
                        // The handler lives for the process (below), so recycle connections to pick up DNS changes.
                        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                        UseCookies = false,
                    });
            })
            // One handler (and one credentials object) for the process; see PooledConnectionLifetime.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's default loggers write one Information line per request: a million lines for
            // a million-recipient send. The transport logs what matters.
            .RemoveAllLoggers();

        services.TryAddTransient<SesMailTransport>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IMailTransport, SesMailTransport>(sp => sp.GetRequiredService<SesMailTransport>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SesStartupCheck>());

        // Replaces Core's default (no mirroring); SesOptions.MirrorSuppressions turns it on.
        services.AddTransient<IProviderSuppressionList, SesSuppressionList>();
        return services;
    }
}
