using System.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MassEmail.Server.Http;

/// <summary>
/// The server's own request log, in place of the hosting diagnostics that <see cref="Telemetry.PathSafeLogging"/>
/// turns off: each request's lines carry a scope with its id and its route's template (never the path, whose
/// segments may be secrets), and one line at Information says how it ended. Off by default
/// (<c>Logging:LogLevel:MassEmail.Server.Http.RequestLog</c> is Warning in appsettings.json).
/// </summary>
public static partial class RequestLog
{
    /// <summary>What a request without a route is logged as (its path is not).</summary>
    public const string NoRoute = "(no route)";

    /// <summary>After routing: the template is known.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLog).FullName!);
        return app.Use(async (context, next) =>
        {
            var route = RouteOf(context);
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier, ["Route"] = route });
            var started = Stopwatch.GetTimestamp();
            await next(context);
            LogFinished(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
    }

    /// <summary>The matched route's template (gRPC methods are their path, which holds no secret).</summary>
    public static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern: RoutePattern pattern } ? pattern.RawText ?? NoRoute : NoRoute;

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogFinished(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
