using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Http.Sns;

/// <summary>
/// Decides whether an SNS message is genuine: its topic is configured, its signing certificate comes from an SNS host
/// over https (fetched once per URL and cached), and its <c>Signature</c> verifies over the documented string to sign
/// with SHA1withRSA (<c>SignatureVersion</c> 1) or SHA256withRSA (2).
/// </summary>
internal sealed class SnsVerifier(IHttpClientFactory clients, IOptions<SnsOptions> options, ILogger<SnsVerifier> log)
{
    /// <summary>The named HTTP client that fetches from SNS (no redirects, bounded answers).</summary>
    public const string ClientName = "sns";

    private const int MaxCachedCertificates = 64;
    private const int MaxCertificateBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, X509Certificate2> certificates = new(StringComparer.Ordinal);

    /// <summary>Null when genuine, else why not (for the log; the caller answers 403 whatever the reason).</summary>
    public async Task<string?> RefusalAsync(SnsMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.TopicArns.Contains(message.TopicArn, StringComparer.Ordinal))
        {
            return "unknown topic";
        }

        var hash = message.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => default,
        };
        if (hash == default)
        {
            return "unknown signature version";
        }

        if (SnsHosts.SigningCertificate(message.SigningCertUrl, o) is not { } certUrl)
        {
            return "signing certificate URL not https on an SNS host";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(message.Signature);
        }
        catch (FormatException)
        {
            return "signature not Base64";
        }

        if (await CertificateAsync(certUrl, ct) is not { } certificate)
        {
            return "signing certificate could not be fetched";
        }

        using var key = certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(Encoding.UTF8.GetBytes(message.StringToSign()), signature, hash, RSASignaturePadding.Pkcs1)
            ? null
            : "signature does not verify";
    }

    private async Task<X509Certificate2?> CertificateAsync(Uri url, CancellationToken ct)
    {
        if (certificates.TryGetValue(url.AbsoluteUri, out var cached))
        {
            return cached;
        }

        try
        {
            var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxCertificateBytes)
            {
                return null;
            }

            var pem = await response.Content.ReadAsStringAsync(ct);
            if (pem.Length > MaxCertificateBytes)
            {
                return null;
            }

            var certificate = X509Certificate2.CreateFromPem(pem);
            if (certificates.Count < MaxCachedCertificates)
            {
                certificates.TryAdd(url.AbsoluteUri, certificate);
            }

            return certificate;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CryptographicException or ArgumentException)
        {
            log.LogWarning(e, "Could not fetch the SNS signing certificate {Url}", url);
            return null;
        }
    }
}
