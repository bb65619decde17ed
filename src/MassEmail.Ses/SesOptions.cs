namespace MassEmail.Ses;

/// <summary>Settings of the Amazon SES v2 transport (configuration section <see cref="SectionName"/>).</summary>
/// <remarks>
/// There are deliberately no credential settings: credentials come from AWS's standard chain
/// (environment variables, shared profile including SSO, web identity as on EKS, container and
/// instance roles), so no secret ever sits in the service's configuration. For development only,
/// when <see cref="Endpoint"/> is a loopback address (the local SES emulator, which needs a signed
/// request but never checks the signature), fixed dummy credentials are used. Any other endpoint
/// (a VPC or FIPS endpoint) signs with real credentials, and a missing one pauses sends with the reason.
/// </remarks>
public sealed class SesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ses";

    /// <summary>
    /// The AWS region to send from and to sign for, e.g. <c>us-east-1</c> or <c>eu-west-1</c>: one the AWS SDK knows, so
    /// that a typo such as <c>eu-west1</c> stops the service at start instead of failing every send.
    /// </summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Overrides the SES endpoint, e.g. <c>http://127.0.0.1:8005</c> for the local emulator in
    /// development and tests. Empty means the regional endpoint <c>https://email.{Region}.amazonaws.com</c>.
    /// A loopback endpoint is signed with dummy credentials (development only); any other with real ones.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The SES configuration set every message is sent with (event publishing, dedicated IP pools),
    /// or empty for none. Letters, digits, '_' and '-', at most 64 characters.
    /// </summary>
    public string? ConfigurationSetName { get; set; }

    /// <summary>
    /// How long one request may take, response included. A send that times out is reported as
    /// unknown (SES may have accepted it), so keep this comfortably above SES's normal latency.
    /// Between 1 second and 5 minutes.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many messages from one sender SES may reject in a row with the same error before the send is paused
    /// instead of failing its remaining recipients one by one (a circuit breaker); 0 turns it off. Between 0 and 10,000.
    /// </summary>
    public int MaxIdenticalRejections { get; set; } = 10;

    /// <summary>
    /// When true, suppressions added through the API with reason bounce or complaint are also put on SES's
    /// account-level suppression list (<c>PutSuppressedDestination</c>; the IAM policy needs
    /// <c>ses:PutSuppressedDestination</c>). Off by default.
    /// </summary>
    public bool MirrorSuppressions { get; set; }
}
