namespace MassEmail.Ses;

/// <summary>Settings of the Amazon SES v2 transport (configuration section <see cref="SectionName"/>).</summary>
/// <remarks>
/// There are deliberately no credential settings: credentials come from AWS's standard chain
/// (environment variables, shared profile, web identity, container and instance roles), so no
/// secret ever sits in the service's configuration. For development only, when <see cref="Endpoint"/>
/// is set and the chain finds nothing, fixed dummy credentials are used so that the local SES
/// emulator (which needs a signed request but never checks the signature) works out of the box.
/// Without an <see cref="Endpoint"/> a missing credential is an error, never a dummy.
/// </remarks>
public sealed class SesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ses";

    /// <summary>The AWS region to send from and to sign for, e.g. <c>us-east-1</c> or <c>eu-west-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Overrides the SES endpoint, e.g. <c>http://127.0.0.1:8005</c> for the local emulator in
    /// development and tests. Empty means the regional endpoint <c>https://email.{Region}.amazonaws.com</c>.
    /// When set and no AWS credentials are found, dummy credentials are used (development only).
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
}
