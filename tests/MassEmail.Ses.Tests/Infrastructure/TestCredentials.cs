namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>
/// Fixed credentials registered in every test container, so the tests never walk AWS's default chain
/// (whose last step calls the EC2 instance metadata address: traffic outside 127.0.0.1).
/// </summary>
internal static class TestCredentials
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
}
