using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.OptOut;

/// <summary>
/// How recipients reach the service: the external URL of the public HTTP endpoint (unsubscribe and preference pages,
/// one-click POSTs). Every link put in mail starts with it. TLS is usually terminated by a proxy in front of the
/// endpoint, so this is the URL recipients see, not the address the endpoint listens on.
/// </summary>
public sealed class PublicOptions
{
    public const string SectionName = "Public";

    /// <summary>
    /// E.g. <c>https://mail.example.com</c> or <c>https://example.com/mail</c> (the endpoint then serves the links under
    /// <c>/mail</c>). Printable ASCII (a host in Punycode); https outside Development.
    /// </summary>
    [Required]
    public string BaseUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>
    /// Requests one client address may make to the public endpoint per minute (pages, forms, one-click POSTs); more
    /// are answered 429. Mail providers POST one-click from few addresses, so keep it well above one person's clicks.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinutePerAddress { get; set; } = 120;

    /// <summary>
    /// Requests one sender address may make per minute to the event receivers: SES events over SNS and campaign-tool
    /// webhooks. They come from few addresses at a vendor's volume (every bounce and complaint of a large send, a bulk
    /// unsubscribe at Mailchimp), retried only for a while, so a refusal can lose an opt-out or a bounce: the limit is
    /// far above the pages' and counted apart from them. SNS can be told to deliver more slowly (its delivery policy's
    /// <c>maxReceivesPerSecond</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int EventRequestsPerMinutePerAddress { get; set; } = 6000;

    /// <summary>The path the public endpoint serves the links under: the base URL's path without a trailing slash.</summary>
    public string PathBase => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath.TrimEnd('/') : "";
}
