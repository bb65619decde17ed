using System.Threading.RateLimiting;
using MassEmail.Core.OptOut;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Http;

/// <summary>
/// The public HTTP endpoint beside the internal gRPC one: the Kestrel endpoint named <see cref="KestrelName"/>
/// (HTTP/1.1 and HTTP/2, no API key) serves the recipients' pages and nothing else, and the gRPC endpoint serves
/// none of them. Kestrel marks each connection of the public endpoint, and a gate after routing answers 404 to a
/// route reached on the wrong side, so the internal API can never be reached from the internet by a proxy rule.
/// </summary>
public static class PublicEndpoint
{
    /// <summary>The name of the public endpoint under <c>Kestrel:Endpoints</c>.</summary>
    public const string KestrelName = "Public";

    /// <summary>Largest request body the public endpoint reads: its forms are a few short fields.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    private const string ConnectionMark = "massemail.public";

    /// <summary>The rate limiting policy of the pages and forms: requests per client address and minute.</summary>
    public const string RatePolicy = "public-per-address";

    /// <summary>The rate limiting policy of the event receivers (SNS, webhooks): requests per sender address and minute.</summary>
    public const string EventRatePolicy = "public-events-per-address";

    /// <summary>Marks the connections of the public Kestrel endpoint; registers what its routes use.</summary>
    public static IServiceCollection AddPublicEndpoint(this IServiceCollection services)
    {
        services.AddSingleton<MassEmail.Pages.UnsubscribePages>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "massemail-form";
            o.FormFieldName = "form-token";
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RatePolicy, context => PerAddress(context, "pages", o => o.RequestsPerMinutePerAddress));
            o.AddPolicy(EventRatePolicy, context => PerAddress(context, "events", o => o.EventRequestsPerMinutePerAddress));
        });
        services.Configure<KestrelServerOptions>(o => o.ConfigurationLoader?.Endpoint(KestrelName, endpoint =>
            endpoint.ListenOptions.Use(next => connection =>
            {
                connection.Items[ConnectionMark] = true;
                return next(connection);
            })));
        return services;
    }

    /// <summary>Routing, then the gate that keeps public routes and the gRPC API on their own endpoints.</summary>
    public static IApplicationBuilder UsePublicEndpoint(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseRequestLog();
        app.Use((context, next) =>
        {
            var publicConnection = IsPublicConnection(context);
            var publicRoute = context.GetEndpoint() is { } endpoint && IsPublicRoute(endpoint);
            if (publicConnection != publicRoute)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            if (publicConnection && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxRequestBodyBytes;
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The group every public route is mapped in: under the base URL's path, marked public, rate limited per client
    /// address by <paramref name="ratePolicy"/> (<see cref="RatePolicy"/> for people, <see cref="EventRatePolicy"/> for
    /// the vendors' event deliveries).
    /// </summary>
    public static RouteGroupBuilder MapPublicGroup(this IEndpointRouteBuilder endpoints, string ratePolicy = RatePolicy)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<PublicOptions>>().Value;
        var group = endpoints.MapGroup(options.PathBase);
        group.WithMetadata(PublicRoute.Instance).RequireRateLimiting(ratePolicy);
        return group;
    }

    /// <summary>A fixed window of a minute per client address, counted apart for each <paramref name="kind"/> of route.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext context, string kind, Func<PublicOptions, int> limit)
    {
        var permits = limit(context.RequestServices.GetRequiredService<IOptions<PublicOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(
            $"{kind}:{context.Connection.RemoteIpAddress}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    /// <summary>True for the routes of the public endpoint (the hostile-input suite enumerates them).</summary>
    public static bool IsPublicRoute(Endpoint endpoint) => endpoint.Metadata.GetMetadata<PublicRoute>() is not null;

    /// <summary>True for a request that came in on the public endpoint.</summary>
    public static bool IsPublicConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;

    /// <summary>Endpoint metadata of the public routes.</summary>
    private sealed class PublicRoute
    {
        public static readonly PublicRoute Instance = new();
    }
}
