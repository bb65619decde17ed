using MassEmail.Core.Sending;
using MassEmail.Server.Http;
using MassEmail.Ses;
using MassEmail.Storage.Sqlite;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MassEmail.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the host: the pipeline's and SES's meters plus ASP.NET Core and HttpClient instrumentation,
/// scraped by Prometheus at <see cref="MetricsEndpoint.Path"/> on the internal endpoint (or the optional HTTP/1.1
/// metrics endpoint), and exported over OTLP — metrics, traces and logs — when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// Spans of the public endpoint are not recorded: their paths carry unsubscribe tokens.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>The standard OTLP variable (read from the configuration, so environment variables work).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The .NET runtime's built-in meter.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("massemail"))
            .WithMetrics(m => m
                // The runtime's own meter: GC, JIT, thread pool, CPU and memory (dotnet_* in the scrape).
                // The SQLite store's write gate (MassEmail.Sqlite): no series unless the store is SQLite.
                .AddMeter(SendingTelemetry.Name, SesTelemetry.Name, SqliteTelemetry.Name, RuntimeMeter)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (otlp)
        {
            telemetry
                .WithTracing(t => t
                    .AddSource(SendingTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !PublicEndpoint.IsPublicConnection(context))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<PendingWorkSampler>();
        services.AddMetricsEndpoint(configuration);
        return services;
    }
}
