using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Vendor hosts depend on the connection (Zoho's data centre, Mailchimp's <c>us6</c>), while an HttpClientFactory
/// client has one base address. Refit methods take the connection's base as a request property
/// (<c>[Property(RequestBaseAddress.Key)] Uri baseAddress</c>) and this handler points the request there.
/// </summary>
public sealed class RequestBaseAddress : DelegatingHandler
{
    /// <summary>The request option (Refit <c>[Property]</c>) holding the base address.</summary>
    public const string Key = "MassEmail.Plugins.BaseAddress";

    /// <summary>The placeholder base address of the named clients; never contacted.</summary>
    public static readonly Uri Placeholder = new("http://base-address.invalid/");

    /// <summary>Adds the handler to a client.</summary>
    public static IHttpClientBuilder AddTo(IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(() => new RequestBaseAddress());

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(new HttpRequestOptionsKey<Uri>(Key), out var baseAddress) && request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(baseAddress, uri.PathAndQuery.TrimStart('/'));
        }
        else
        {
            throw new InvalidOperationException("a plugin request carries no base address");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
