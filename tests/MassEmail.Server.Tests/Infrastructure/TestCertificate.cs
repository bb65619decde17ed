using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate for 127.0.0.1, written as a PFX file that Kestrel loads from configuration
/// (<c>Kestrel:Endpoints:NAME:Certificate:Path</c>): HTTP/2 next to HTTP/1.1 on one endpoint needs TLS (ALPN), since
/// Kestrel answers cleartext HTTP/2 only on endpoints that speak nothing else. Clients trust exactly this certificate.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    public TestCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        Thumbprint = certificate.Thumbprint;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"massemail-cert-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(Path, certificate.Export(X509ContentType.Pfx, Password));
    }

    public string Path { get; }

    public string Password { get; } = Guid.NewGuid().ToString("N");

    public string Thumbprint { get; }

    /// <summary>Kestrel settings that serve the endpoint named <paramref name="endpoint"/> over TLS with this certificate.</summary>
    public IEnumerable<KeyValuePair<string, string?>> KestrelSettings(string endpoint) =>
    [
        new($"Kestrel:Endpoints:{endpoint}:Certificate:Path", Path),
        new($"Kestrel:Endpoints:{endpoint}:Certificate:Password", Password),
    ];

    /// <summary>A handler that trusts this certificate only.</summary>
    public HttpMessageHandler Handler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Thumbprint },
    };

    public void Dispose() => File.Delete(Path);
}
