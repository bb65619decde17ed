namespace MassEmail.Cli.Tests;

/// <summary>
/// The CLI against the Quick start service, as a newcomer runs it after <c>bash dev/start</c>; <c>dev/test</c>
/// starts that service and passes its address and demo key.
/// </summary>
public sealed class CliQuickStartTests : IDisposable
{
    private readonly string? url = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_URL");
    private readonly string? key = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_KEY");
    private readonly TempDirectory directory = new();

    [SkippableFact]
    public async Task Cli_NewcomerOnQuickStart_LoginImportPushSendWatchToCompleted()
    {
        Skip.If(url is null || key is null, "MASSEMAIL_QUICKSTART_URL/KEY are not set: this test runs against dev/start when started by dev/test");

        await NewcomerFlow.RunAsync(new CliProcess(Path.Combine(directory.Path, "config")), url!, key!, directory.Path);
    }

    public void Dispose() => directory.Dispose();
}
