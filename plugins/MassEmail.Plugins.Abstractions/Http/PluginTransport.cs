using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MassEmail.Plugins.Abstractions;

/// <summary>The HTTP pipeline every plugin client gets: retries and a timeout (Polly), then the connection's base address.</summary>
public static class PluginTransport
{
    /// <summary>Adds the resilience handler named <paramref name="name"/> and the <see cref="RequestBaseAddress"/> handler.</summary>
    public static IHttpClientBuilder Configure(IHttpClientBuilder client, string name, Func<IServiceProvider, TransportOptions> options)
    {
        client.ConfigureHttpClient(c =>
        {
            c.BaseAddress = RequestBaseAddress.Placeholder;
            // The per-attempt timeout below is the one that counts; HttpClient's own would cut the retries short.
            c.Timeout = Timeout.InfiniteTimeSpan;
        });
        // HttpClientFactory's request logs redact header values in the message but hand the raw values (the access
        // token, the API key) to structured sinks in their state: the plugins log their calls themselves instead.
        client.RemoveAllLoggers();
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var transport = options(context.ServiceProvider);
            // Wall-clock on purpose: a test's virtual time moves vendor windows, not socket timeouts.
            pipeline.TimeProvider = TimeProvider.System;
            pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, transport.RetryAttempts),
                    Delay = transport.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(transport.RetryAttempts > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                })
                .AddTimeout(transport.AttemptTimeout);
        });
        return RequestBaseAddress.AddTo(client);
    }
}
