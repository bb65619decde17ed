using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MassEmail.Server.Telemetry;

/// <summary>
/// The Prometheus scrape route <see cref="Path"/>: served on the internal gRPC endpoint (HTTP/2 cleartext, like the API
/// it sits beside) and, when configured, on the Kestrel endpoint named <see cref="KestrelName"/> (HTTP/1.1 unless its
/// Protocols say otherwise), which serves nothing else. Never on the public endpoint: its gate answers 404 there.
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>The optional metrics-only endpoint under <c>Kestrel:Endpoints</c>.</summary>
    public const string KestrelName = "Metrics";

    private const string ConnectionMark = "massemail.metrics";

    /// <summary>Marks the connections of the metrics endpoint and makes it HTTP/1.1 unless configured otherwise.</summary>
    public static IServiceCollection AddMetricsEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        var protocolsSet = !string.IsNullOrEmpty(configuration[$"Kestrel:Endpoints:{KestrelName}:Protocols"]);
        services.Configure<KestrelServerOptions>(o => o.ConfigurationLoader?.Endpoint(KestrelName, endpoint =>
        {
            if (!protocolsSet)
            {
                // Prometheus scrapes HTTP/1.1; the server's endpoint defaults are HTTP/2 only (cleartext gRPC).
                endpoint.ListenOptions.Protocols = HttpProtocols.Http1;
            }

            endpoint.ListenOptions.Use(next => connection =>
            {
                connection.Items[ConnectionMark] = true;
                return next(connection);
            });
        }));
        return services;
    }

    /// <summary>Maps the scrape route, and keeps the metrics endpoint to it (after routing and the public gate).</summary>
    public static IEndpointRouteBuilder MapMetrics(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var metricsConnection = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;
            if (metricsConnection && !context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }
}
