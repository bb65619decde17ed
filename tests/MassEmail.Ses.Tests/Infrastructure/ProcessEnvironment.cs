namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>
/// Tests that set process-wide environment variables for the AWS SDK (e.g. <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>)
/// run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
