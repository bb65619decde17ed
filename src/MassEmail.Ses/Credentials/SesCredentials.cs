using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses.Credentials;

/// <summary>
/// The credentials SES requests are signed with, resolved once per process. An <see cref="AWSCredentials"/>
/// registered in the container wins (tests, or a host that builds its own); otherwise AWS's standard
/// chain. The chain's credential objects refresh themselves (roles, SSO), so resolving once is enough.
/// </summary>
internal sealed partial class SesCredentials(AWSCredentials credentials)
{
    // Only ever used against a custom endpoint (the local emulator), which checks no signature.
    internal const string DevAccessKeyId = "AKIDMASSEMAILDEV";
    internal const string DevSecretKey = "massemail-dev-dummy-secret";

    public AWSCredentials Credentials { get; } = credentials;

    public static SesCredentials FromServices(IServiceProvider services)
    {
        if (services.GetService<AWSCredentials>() is { } configured)
        {
            return new SesCredentials(configured);
        }

        var options = services.GetRequiredService<IOptions<SesOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<SesCredentials>>();
        return new SesCredentials(Resolve(options, logger, ResolveStandardChain));
    }

    /// <summary>The standard chain, or dummy credentials when it finds nothing and an endpoint override is set.</summary>
    internal static AWSCredentials Resolve(SesOptions options, ILogger logger, Func<AWSCredentials> resolveChain)
    {
        if (options.Endpoint is { IsLoopback: true })
        {
            // A loopback endpoint is the local emulator. Walking the chain would end at the EC2
            // metadata address, which is traffic off this machine for nothing.
            LogDummyCredentials(logger, options.Endpoint, "loopback endpoint");
            return new BasicAWSCredentials(DevAccessKeyId, DevSecretKey);
        }

        try
        {
            return resolveChain();
        }
        catch (AmazonClientException e) when (options.Endpoint is not null)
        {
            LogDummyCredentials(logger, options.Endpoint, e.GetType().Name);
            return new BasicAWSCredentials(DevAccessKeyId, DevSecretKey);
        }
        catch (AmazonClientException e)
        {
            throw new InvalidOperationException(
                "No AWS credentials were found for SES. Provide them through the standard AWS chain: " +
                "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a shared profile (AWS_PROFILE), web identity, or a container or instance role.",
                e);
        }
    }

    // Runs once per process. The resolver is deliberately not disposed: what it returns may rely on
    // state it owns (profile file watching, cached refreshing credentials).
    private static AWSCredentials ResolveStandardChain() =>
        new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No AWS credentials found ({Reason}); signing SES requests to {Endpoint} with dummy development credentials. Never rely on this in production.")]
    private static partial void LogDummyCredentials(ILogger logger, Uri endpoint, string reason);
}
