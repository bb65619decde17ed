namespace MassEmail.Server.Http.Sns;

/// <summary>
/// Section <c>Sns</c>: the SNS topics whose SES events the public endpoint accepts at <see cref="SnsEndpoints.Path"/>.
/// With no topic configured every SNS message is refused.
/// </summary>
public sealed class SnsOptions
{
    public const string SectionName = "Sns";

    /// <summary>The ARNs of the topics SES publishes to (e.g. <c>arn:aws:sns:eu-west-1:123456789012:ses-events</c>); others are refused.</summary>
    public List<string> TopicArns { get; set; } = [];

    /// <summary>Largest SNS message read, in bytes (SNS messages are at most 256 KiB).</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// For tests only, off by default: more hosts (<c>host:port</c>) to fetch signing certificates and confirmation URLs
    /// from besides <c>sns.REGION.amazonaws.com[.cn]</c>, and a root certificate (PEM) trusted for TLS to those hosts.
    /// </summary>
    public SnsTestTrust TestTrust { get; set; } = new();
}
