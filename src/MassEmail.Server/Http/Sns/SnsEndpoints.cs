using MassEmail.Core.Deliverability;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Http.Sns;

/// <summary>
/// The SNS HTTPS subscription of SES's events on the public endpoint: the raw <c>text/plain</c> body is parsed as an
/// SNS message (never model-bound), verified (<see cref="SnsVerifier"/>), and then a subscription confirmation is
/// confirmed by fetching its SubscribeURL (from an SNS host only), and a notification's SES event is applied once per
/// MessageId (<see cref="ProviderEventService"/>). Malformed bodies get 400, anything not proven to come from a
/// configured topic 403; nothing changes before the message is verified.
/// </summary>
public static class SnsEndpoints
{
    /// <summary>The path under the public base URL to subscribe to the SNS topic (https://BASE/ses/sns).</summary>
    public const string Path = "/ses/sns";

    public static IEndpointRouteBuilder MapSnsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPublicGroup(PublicEndpoint.EventRatePolicy).MapPost(Path, ReceiveAsync);
        return endpoints;
    }

    public static IServiceCollection AddSnsEndpoint(this IServiceCollection services)
    {
        services.AddOptions<SnsOptions>().BindConfiguration(SnsOptions.SectionName)
            .Validate(o => o.MaxMessageBytes is > 0 and <= 1024 * 1024, "Sns:MaxMessageBytes must be between 1 and 1048576.")
            .ValidateOnStart();
        services.AddSingleton<SnsVerifier>();
        services.AddHttpClient(SnsVerifier.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => SnsHttpHandler.Create(sp.GetRequiredService<IOptions<SnsOptions>>().Value.TestTrust));
        return services;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, SnsVerifier verifier, ProviderEventService events, IHttpClientFactory clients, IOptions<SnsOptions> options, ILogger<SnsOptions> log)
    {
        var o = options.Value;
        var (body, status) = await PublicBody.ReadTextAsync(context, o.MaxMessageBytes);
        if (body is null || SnsMessage.Parse(body) is not { } message)
        {
            InboundEventTelemetry.Sns(null, InboundEventTelemetry.Malformed);
            return Results.StatusCode(body is null ? status : StatusCodes.Status400BadRequest);
        }

        if (await verifier.RefusalAsync(message, context.RequestAborted) is { } refusal)
        {
            InboundEventTelemetry.Sns(null, InboundEventTelemetry.Refused);
            log.LogWarning("Refused an SNS message {MessageId} of topic {TopicArn}: {Refusal}", message.MessageId, message.TopicArn, refusal);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        switch (message.Type)
        {
            case SnsMessage.SubscriptionConfirmation:
                if (SnsHosts.SubscribeUrl(message.SubscribeUrl!, o) is not { } confirm)
                {
                    InboundEventTelemetry.Sns("Subscription", InboundEventTelemetry.Refused);
                    log.LogWarning("Refused to confirm the subscription to {TopicArn}: SubscribeURL is not https on an SNS host", message.TopicArn);
                    return Results.StatusCode(StatusCodes.Status403Forbidden);
                }

                InboundEventTelemetry.Sns("Subscription", InboundEventTelemetry.Applied);
                using (var response = await clients.CreateClient(SnsVerifier.ClientName).GetAsync(confirm, context.RequestAborted))
                {
                    log.LogInformation("Confirmed the SNS subscription to {TopicArn}: {Status}", message.TopicArn, (int)response.StatusCode);
                    return response.IsSuccessStatusCode ? Results.Ok() : Results.StatusCode(StatusCodes.Status502BadGateway);
                }

            case SnsMessage.Notification when SesEventParser.Parse(message.Message) is { } e:
                var applied = await events.ApplyAsync(message.MessageId, e, context.RequestAborted);
                InboundEventTelemetry.Sns(e.Kind, applied ? InboundEventTelemetry.Applied : InboundEventTelemetry.Ignored);
                return Results.Ok();
            default:
                // An unsubscription confirmation, or a notification that is no SES event (SNS's test message).
                return Results.Ok();
        }
    }
}
