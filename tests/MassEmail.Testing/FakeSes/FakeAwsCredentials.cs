using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace MassEmail.Testing;

/// <summary>
/// The AWS SDK's own credential classes of a deployment, pointed at a <see cref="FakeSes"/> instead of AWS: web
/// identity (EKS/IRSA) through STS, and container credentials (ECS, EKS Pod Identity). What they throw when their
/// endpoint fails is what the SDK throws in production.
/// </summary>
public static class FakeAwsCredentials
{
    /// <summary>The message AWSSDK.Core throws (InvalidOperationException) when web identity finds no AWSSDK.SecurityToken assembly.</summary>
    public const string MissingStsMessage =
        "Assembly AWSSDK.SecurityToken could not be found or loaded. This assembly must be available at runtime to use Amazon.Runtime.AssumeRoleAWSCredentials.";

    private static readonly Lock EnvironmentLock = new();

    /// <summary>Web identity whose AssumeRoleWithWebIdentity call goes to the fake's STS endpoint.</summary>
    public static AssumeRoleWithWebIdentityCredentials WebIdentity(FakeSes sts, string tokenFile) => new ViaFake(sts.BaseAddress, tokenFile);

    /// <summary>
    /// Web identity as deployed without the AWSSDK.SecurityToken package: the SDK reads the token file, then fails to
    /// load the STS client and throws <see cref="InvalidOperationException"/>. (The package cannot be taken away from
    /// a running test, so the SDK's extension point throws what the SDK's loader throws.)
    /// </summary>
    public static AssumeRoleWithWebIdentityCredentials WebIdentityWithoutSts(string tokenFile) => new WithoutSts(tokenFile);

    /// <summary>Web identity using the SDK's own STS client factory: proves AWSSDK.SecurityToken is loadable.</summary>
    public static ICoreAmazonSTS DefaultStsClient(string tokenFile) => new WithSdkClient(tokenFile).Client();

    /// <summary>
    /// The SDK's container credentials (as on ECS) reading <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, set to the fake's
    /// endpoint only while the object is built (it reads the variable once, in its constructor).
    /// </summary>
    public static GenericContainerCredentials Container(FakeSes endpoint)
    {
        const string variable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
        lock (EnvironmentLock)
        {
            var before = Environment.GetEnvironmentVariable(variable);
            Environment.SetEnvironmentVariable(variable, new Uri(endpoint.BaseAddress, FakeSes.ContainerCredentialsPath.TrimStart('/')).ToString());
            try
            {
                return new GenericContainerCredentials();
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, before);
            }
        }
    }

    /// <summary>A web identity token file, as EKS mounts it.</summary>
    public static string WriteTokenFile(string directory)
    {
        var path = Path.Combine(directory, "web-identity-token");
        File.WriteAllText(path, "eyJhbGciOiJSUzI1NiJ9.fake.token");
        return path;
    }

    private const string TestRoleArn = "arn:aws:iam::123456789012:role/massemail";

    private sealed class ViaFake(Uri sts, string tokenFile) : AssumeRoleWithWebIdentityCredentials(tokenFile, TestRoleArn, "massemail-test")
    {
        protected override ICoreAmazonSTS CreateClient() =>
            new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig { ServiceURL = sts.ToString(), MaxErrorRetry = 0 });
    }

    private sealed class WithoutSts(string tokenFile) : AssumeRoleWithWebIdentityCredentials(tokenFile, TestRoleArn, "massemail-test")
    {
        protected override ICoreAmazonSTS CreateClient() =>
            throw new InvalidOperationException(MissingStsMessage, new FileNotFoundException("Could not load file or assembly 'AWSSDK.SecurityToken'."));
    }

    private sealed class WithSdkClient(string tokenFile) : AssumeRoleWithWebIdentityCredentials(tokenFile, TestRoleArn, "massemail-test")
    {
        public ICoreAmazonSTS Client() => CreateClient();
    }
}
