using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 item 1: the recipients' pages live on their own Kestrel endpoint (HTTP/1.1 and HTTP/2, no API key), the
/// gRPC API stays on its own, and neither answers the other's routes.
/// </summary>
public sealed class PublicEndpointTests : IDisposable
{
    private readonly TestCertificate certificate = new();
    private readonly MassEmailServer tls;

    public PublicEndpointTests() => tls = new MassEmailServer(StoreKind.Sqlite, kestrel: true, publicCertificate: certificate);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    public async Task Get_UnsubscribePageOverTlsInEachHttpVersion_AnswersWithoutApiKey(int major, int minor)
    {
        _ = tls.Services;
        using var client = new HttpClient(certificate.Handler()) { BaseAddress = tls.PublicAddress };

        using var response = await client.SendAsync(Get("/unsubscribe/anything", new Version(major, minor)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(major, minor), response.Version);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_UnsubscribePageOverCleartextHttp11_Answers()
    {
        using var cleartext = new MassEmailServer(StoreKind.Sqlite, kestrel: true);
        _ = cleartext.Services;
        using var client = new HttpClient { BaseAddress = cleartext.PublicAddress };

        using var response = await client.SendAsync(Get("/unsubscribe/anything", HttpVersion.Version11));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task GrpcCall_OnPublicEndpoint_NotFound()
    {
        _ = tls.Services;
        using var channel = GrpcChannel.ForAddress(tls.PublicAddress!, new GrpcChannelOptions { HttpHandler = certificate.Handler() });

        var e = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("404", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicRoute_OnGrpcEndpoint_NotFound()
    {
        var health = await new Health.HealthClient(tls.Invoker(null)).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        using var client = new HttpClient { BaseAddress = tls.GrpcAddress };

        using var response = await client.SendAsync(Get("/unsubscribe/anything", HttpVersion.Version20));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose()
    {
        tls.Dispose();
        certificate.Dispose();
    }

    private static HttpRequestMessage Get(string path, Version version) =>
        new(HttpMethod.Get, path) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
}
