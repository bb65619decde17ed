using System.Text;
using MassEmail.Core.Errors;
using MassEmail.Core.Sending;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>
/// The unsubscribe link and mailbox go into every message's List-Unsubscribe header, which SES accepts only as printable
/// ASCII (an internationalised host must be written in Punycode, other characters percent-encoded): anything else
/// would have SES refuse every message. Outside Development the link must also be https (RFC 8058 one-click needs an
/// HTTPS URI, and the loopback default reaches no recipient).
/// </summary>
internal sealed class UnsubscribeUrlValidator(IHostEnvironment environment) : IValidateOptions<SendingOptions>
{
    public ValidateOptionsResult Validate(string? name, SendingOptions options)
    {
        var failures = new List<string>();
        var url = options.UnsubscribeBaseUrl;
        if (!Ascii.IsValid(url) || url.Any(char.IsControl))
        {
            failures.Add($"{SendingOptions.SectionName}:UnsubscribeBaseUrl '{InputText.Quote(url)}' must be printable ASCII: write the host in Punycode and percent-encode the path.");
        }
        else if (!environment.IsDevelopment()
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            failures.Add($"{SendingOptions.SectionName}:UnsubscribeBaseUrl '{InputText.Quote(url)}' must be a public https:// URL outside Development (it is the one-click unsubscribe link recipients use).");
        }

        if (!Ascii.IsValid(options.UnsubscribeMailto) || options.UnsubscribeMailto.Any(char.IsControl))
        {
            failures.Add($"{SendingOptions.SectionName}:UnsubscribeMailto '{InputText.Quote(options.UnsubscribeMailto)}' must be printable ASCII.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
