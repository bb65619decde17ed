using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassEmail.Cli.Config;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Connection;

/// <summary>One channel to the service, with the API key on every call, and the contract's clients over it.</summary>
public sealed class ApiConnection : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly CallInvoker invoker;

    public ApiConnection(CliConfig config)
    {
        if (!Uri.TryCreate(config.Url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.BadInput, $"the service address must be an http:// or https:// URL, not '{Quote.Bounded(config.Url)}'");
        }

        Url = address;
        channel = GrpcChannel.ForAddress(address);
        invoker = channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {config.ApiKey}");
            return metadata;
        });
    }

    public Uri Url { get; }

    public TemplatesService.TemplatesServiceClient Templates => new(invoker);

    public RecipientsService.RecipientsServiceClient Recipients => new(invoker);

    public MassSendService.MassSendServiceClient Sends => new(invoker);

    public SchedulesService.SchedulesServiceClient Schedules => new(invoker);

    public void Dispose() => channel.Dispose();
}
