namespace MassEmail.Server.Http.Sns;

/// <summary>Test-only trust of a fake SNS (see <see cref="SnsOptions.TestTrust"/>); empty in production.</summary>
public sealed class SnsTestTrust
{
    /// <summary>Authorities (<c>host:port</c>) accepted besides the SNS host pattern; https is still required.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>A root certificate (PEM) trusted, besides the system's, for TLS to <see cref="Hosts"/>.</summary>
    public string RootCertificatePem { get; set; } = "";
}
