using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using MassEmail.Ses.Mapping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses.Credentials;

/// <summary>
/// The credentials SES requests are signed with, and the one place they are resolved. Whatever the AWS SDK throws
/// while finding or refreshing them (an <see cref="AmazonClientException"/> when nothing is found,
/// <see cref="InvalidOperationException"/> when web identity lacks AWSSDK.SecurityToken, an
/// <see cref="AmazonServiceException"/> from a failing container or instance endpoint or from STS, anything else)
/// becomes a <see cref="SesCredentialsException"/> with the reason, which the transport turns into a paused send: a
/// credential failure must never escape a send and abort the batch around it.
/// </summary>
/// <remarks>
/// The source is an <see cref="AWSCredentials"/> registered in the container (tests, or a host that builds its
/// own), dummy credentials for a loopback endpoint (the local emulator, which checks no signature), or else AWS's
/// standard chain. A non-loopback endpoint (a VPC or FIPS endpoint) never gets dummy credentials. The chain's
/// objects refresh themselves (roles, SSO), so the source is found once; a failure is remembered for
/// <see cref="FailureMemory"/> so that a batch of parallel sends does not walk the chain (or retry a failing
/// container endpoint five times) once per message.
/// </remarks>
internal sealed partial class SesCredentials : AWSCredentials
{
    // Only ever used against a loopback endpoint (the local emulator), which checks no signature.
    internal const string DevAccessKeyId = "AKIDMASSEMAILDEV";
    internal const string DevSecretKey = "massemail-dev-dummy-secret";

    internal static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(5);

    private readonly Func<AWSCredentials> findSource;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock failureLock = new();
    private AWSCredentials? source;
    private (SesCredentialsException Error, long At)? lastFailure;

    internal SesCredentials(string origin, Func<AWSCredentials> findSource, ILogger logger, TimeProvider time)
    {
        Origin = origin;
        this.findSource = findSource;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>Where the credentials come from, for logs: safe to show.</summary>
    public string Origin { get; }

    public static SesCredentials FromServices(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<SesCredentials>>();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (services.GetService<AWSCredentials>() is { } configured)
        {
            return new SesCredentials($"the registered {configured.GetType().Name}", () => configured, logger, time);
        }

        var options = services.GetRequiredService<IOptions<SesOptions>>().Value;
        if (options.Endpoint is { IsLoopback: true } endpoint)
        {
            // A loopback endpoint is the local emulator. Walking the chain would end at the EC2 metadata
            // address, which is traffic off this machine for nothing.
            LogDummyCredentials(logger, endpoint);
            var dummy = new BasicAWSCredentials(DevAccessKeyId, DevSecretKey);
            return new SesCredentials("dummy development credentials (loopback endpoint)", () => dummy, logger, time);
        }

        return new SesCredentials("the AWS standard credential chain", FindInStandardChain, logger, time);
    }

    /// <summary>Resolves the credentials to sign with now; throws <see cref="SesCredentialsException"/> with the reason when it cannot.</summary>
    public async Task<ImmutableCredentials> ResolveAsync()
    {
        if (RecentFailure() is { } recent)
        {
            throw recent;
        }

        try
        {
            var credentials = await (await SourceAsync()).GetCredentialsAsync()
                ?? throw new InvalidOperationException("the credential source returned none");
            Forget();
            return credentials;
        }
        catch (SesCredentialsException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Remember(Failure(e), e);
        }
    }

    public override ImmutableCredentials GetCredentials() => ResolveAsync().GetAwaiter().GetResult();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => ResolveAsync();

    /// <summary>The reason a resolution failed, in the operator's words: safe to store and show.</summary>
    internal string Failure(Exception e)
    {
        // The SDK wraps what went wrong (STS's "not authorized", a 500 from the container endpoint) in generic
        // exceptions: keep every inner message that says something new.
        var detail = $"{e.GetType().Name}: {FirstLine(e.Message)}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            var line = FirstLine(inner.Message);
            if (line.Length > 0 && !line.StartsWith("Exception of type", StringComparison.Ordinal) && !detail.Contains(line, StringComparison.Ordinal))
            {
                detail += $" ({inner.GetType().Name}: {line})";
            }
        }

        return SesErrorText.Clean($"AWS credentials for SES could not be resolved from {Origin}: {detail}");
    }

    private async Task<AWSCredentials> SourceAsync()
    {
        if (Volatile.Read(ref source) is { } found)
        {
            return found;
        }

        await gate.WaitAsync();
        try
        {
            if (source is not null)
            {
                return source;
            }

            // The chain blocks on network calls (container and instance endpoints): off the caller's thread.
            var resolved = await Task.Run(findSource);
            Volatile.Write(ref source, resolved);
            return resolved;
        }
        catch (Exception e) when (e is not SesCredentialsException)
        {
            throw Remember(Failure(e), e);
        }
        finally
        {
            gate.Release();
        }
    }

    private SesCredentialsException? RecentFailure()
    {
        lock (failureLock)
        {
            return lastFailure is { } failure && time.GetElapsedTime(failure.At) < FailureMemory ? failure.Error : null;
        }
    }

    private void Forget()
    {
        lock (failureLock)
        {
            lastFailure = null;
        }
    }

    private SesCredentialsException Remember(string reason, Exception cause)
    {
        var error = new SesCredentialsException(reason, cause);
        lock (failureLock)
        {
            var isNew = lastFailure is not { } previous || time.GetElapsedTime(previous.At) >= FailureMemory;
            lastFailure = (error, time.GetTimestamp());
            if (isNew)
            {
                LogResolutionFailed(logger, reason, cause);
            }
        }

        return error;
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).Trim();
    }

    // The resolver is deliberately not disposed: what it returns may rely on state it owns (profile file
    // watching, cached refreshing credentials).
    private static AWSCredentials FindInStandardChain() =>
        new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Signing SES requests to {Endpoint} with dummy development credentials (a loopback endpoint: the local emulator). Never rely on this in production.")]
    private static partial void LogDummyCredentials(ILogger logger, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}. Mass sends pause with this reason until it is fixed.")]
    private static partial void LogResolutionFailed(ILogger logger, string reason, Exception exception);
}
