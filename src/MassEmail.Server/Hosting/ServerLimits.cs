using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using MassEmail.Server.Grpc.Binding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MassEmail.Server.Hosting;

/// <summary>
/// The size and time limits every request meets before any of our code runs, set here on purpose
/// (README "Operating" lists them) rather than left to framework defaults that may change.
/// </summary>
public static class ServerLimits
{
    /// <summary>
    /// Largest request message: 16 MiB. An import batch of 5,000 rows with a dozen short custom fields
    /// each is about 2 MiB; a template body is at most 512 KiB.
    /// </summary>
    public const int MaxReceiveMessageBytes = 16 * 1024 * 1024;

    /// <summary>Largest request header block (all headers of one request), as Kestrel's default.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>Largest single request header (an API key is 40-odd characters).</summary>
    public const int MaxRequestHeaderFieldBytes = 16 * 1024;

    /// <summary>Concurrent calls on one HTTP/2 connection.</summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>Time a client has to send a request's headers.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An idle connection is closed after this long.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Message size limits for gRPC; responses are bounded by their page sizes instead.</summary>
    public static void Apply(GrpcServiceOptions options)
    {
        options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
        options.MaxSendMessageSize = null;
    }

    /// <summary>Kestrel's connection and header limits.</summary>
    public static void Apply(KestrelServerOptions options)
    {
        options.AddServerHeader = false;
        options.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        options.Limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeaderFieldBytes;
        options.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        options.Limits.RequestHeadersTimeout = RequestHeadersTimeout;
        options.Limits.KeepAliveTimeout = KeepAliveTimeout;
    }

    /// <summary>
    /// Replaces the framework's method binder by one whose request parsing failures answer
    /// INVALID_ARGUMENT (see <see cref="ParsedRequestMethodProvider{TService}"/>).
    /// </summary>
    public static IServiceCollection UseParsedRequests(this IServiceCollection services)
    {
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParsedRequestMethodProvider<>));
        return services;
    }
}
