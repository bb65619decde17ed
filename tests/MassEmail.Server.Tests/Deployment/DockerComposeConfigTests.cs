namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// docker-compose itself accepts deploy/compose.yaml (`docker-compose config`, which needs no Docker engine), where
/// the Debian package is installed (.ci/run installs it when it can); elsewhere the test says why it did not run.
/// </summary>
public sealed class DockerComposeConfigTests
{
    private const string KeyVariable = "MASSEMAIL_UNSUBSCRIBE_KEY";
    private static readonly string? DockerCompose = ToolRun.Find("docker-compose");
    private readonly string deploy = Path.Combine(RepoRoot.Find(), "deploy");

    [SkippableFact]
    public async Task DockerComposeConfig_WithTheKeySet_AcceptsTheFile()
    {
        Skip.If(DockerCompose is null, "docker-compose is not installed here (Debian package docker-compose): the compose file was checked by ComposeFileTests only");

        var (exitCode, output) = await ToolRun.RunAsync(
            DockerCompose!, ["-f", "compose.yaml", "config", "--quiet"], deploy,
            new Dictionary<string, string?> { [KeyVariable] = Convert.ToBase64String(new byte[32]) });

        Assert.True(exitCode == 0, $"docker-compose config exited with {exitCode}:\n{output}");
    }

    [SkippableFact]
    public async Task DockerComposeConfig_WithoutTheKey_RefusesAndNamesTheVariable()
    {
        Skip.If(DockerCompose is null, "docker-compose is not installed here (Debian package docker-compose): the compose file was checked by ComposeFileTests only");

        var (exitCode, output) = await ToolRun.RunAsync(
            DockerCompose!, ["-f", "compose.yaml", "config", "--quiet"], deploy,
            new Dictionary<string, string?> { [KeyVariable] = null });

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"set {KeyVariable}", output, StringComparison.Ordinal);
    }
}
