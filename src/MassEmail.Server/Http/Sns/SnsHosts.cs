using System.Text.RegularExpressions;

namespace MassEmail.Server.Http.Sns;

/// <summary>
/// Where the service fetches from on SNS's word: signing certificates and subscription confirmation URLs, only over
/// https from an SNS host (<c>sns.REGION.amazonaws.com</c> or <c>.com.cn</c>, the AWS SDKs' pattern), without user
/// info or another port. A message naming any other place is refused before anything is fetched.
/// </summary>
internal static partial class SnsHosts
{
    [GeneratedRegex(@"^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();

    public static Uri? SigningCertificate(string url, SnsOptions options) =>
        Allowed(url, options) is { } uri && uri.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal) && uri.Query.Length == 0 ? uri : null;

    public static Uri? SubscribeUrl(string url, SnsOptions options) => Allowed(url, options);

    private static Uri? Allowed(string url, SnsOptions options)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        if (options.TestTrust.Hosts.Contains(uri.Authority, StringComparer.OrdinalIgnoreCase))
        {
            return uri;
        }

        return uri.IsDefaultPort && SnsHost().IsMatch(uri.Host) ? uri : null;
    }
}
