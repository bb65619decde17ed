using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MassEmail.Server.Http.Sns;

/// <summary>
/// The handler of the SNS client: no redirects (a redirect could lead off the SNS hosts), and, only when a test root is
/// configured (<see cref="SnsTestTrust"/>), that root trusted besides the system's for TLS to the test hosts.
/// </summary>
internal static class SnsHttpHandler
{
    public static HttpMessageHandler Create(SnsTestTrust trust)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, MaxResponseHeadersLength = 16, UseCookies = false };
        if (trust.RootCertificatePem.Length > 0)
        {
            var root = X509Certificate2.CreateFromPem(trust.RootCertificatePem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
