using System.Text;
using MassEmail.Core.Errors;
using MassEmail.Core.OptOut;
using MassEmail.Core.Sending;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>
/// The public base URL and the unsubscribe mailbox go into every message's List-Unsubscribe header, which SES accepts
/// only as printable ASCII (an internationalised host must be written in Punycode, other characters percent-encoded):
/// anything else would have SES refuse every message. Outside Development the base URL must also be public https
/// (RFC 8058 one-click needs an HTTPS URI, and a loopback address reaches no recipient).
/// </summary>
internal sealed class UnsubscribeAddressValidator(IHostEnvironment environment) : IValidateOptions<PublicOptions>, IValidateOptions<SendingOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicOptions options)
    {
        var url = options.BaseUrl;
        var setting = $"{PublicOptions.SectionName}:{nameof(PublicOptions.BaseUrl)} '{InputText.Quote(url)}'";
        if (!IsPrintableAscii(url))
        {
            return ValidateOptionsResult.Fail($"{setting} must be printable ASCII: write the host in Punycode and percent-encode the path.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return ValidateOptionsResult.Fail($"{setting} must be an absolute http(s) URL without query, fragment or user name.");
        }

        if (!environment.IsDevelopment() && (uri.Scheme != Uri.UriSchemeHttps || uri.IsLoopback))
        {
            return ValidateOptionsResult.Fail($"{setting} must be a public https:// URL outside Development (every link in mail starts with it).");
        }

        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, SendingOptions options) =>
        IsPrintableAscii(options.UnsubscribeMailto)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SendingOptions.SectionName}:UnsubscribeMailto '{InputText.Quote(options.UnsubscribeMailto)}' must be printable ASCII.");

    private static bool IsPrintableAscii(string value) => Ascii.IsValid(value) && !value.Any(char.IsControl);
}
