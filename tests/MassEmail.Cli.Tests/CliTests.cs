namespace MassEmail.Cli.Tests;

/// <summary>The CLI as a process against a server of its own: the newcomer's flow, errors in words, exit codes, login.</summary>
[Collection(CliServerCollection.Name)]
public sealed class CliTests(CliServerFixture server) : IDisposable
{
    private const string UnknownTemplateId = "0123456789abcdef01234567";

    private readonly TempDirectory directory = new();

    private string ConfigHome => Path.Combine(directory.Path, "config");

    [SkippableFact]
    public async Task Cli_NewcomerOnOwnServer_LoginImportPushSendWatchToCompleted()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);

        await NewcomerFlow.RunAsync(new CliProcess(ConfigHome), server.Url, server.ApiKey, directory.Path);
    }

    [SkippableFact]
    public async Task SendWatch_StdoutNotATerminal_StateLinesWithoutProgressDrawing()
    {
        var cli = await LoggedInAsync();
        var templateId = await PushAsync(cli, "Watch text");
        var start = await cli.RunAsync("send", "start", "--module", "contacts", "--template", templateId, "--from", "organisation", "--reply-to", "account", "--all", "--json");
        Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
        var sendId = start.Json().GetProperty("id").GetString()!;

        var watch = await cli.RunAsync("send", "watch", sendId);

        Assert.True(watch.ExitCode == ExitCodes.Ok, watch.ToString());
        Assert.DoesNotContain('\u001b', watch.Stdout);
        Assert.DoesNotContain("█", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Send {sendId} COMPLETED:", watch.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TemplatesRender_MalformedId_ExitsInvalidArgumentWithTheFieldInWords()
    {
        var cli = await LoggedInAsync();

        var text = await cli.RunAsync("templates", "render", "not-an-id");
        var json = await cli.RunAsync("templates", "render", "not-an-id", "--json");

        Assert.Equal(3, text.ExitCode); // INVALID_ARGUMENT
        Assert.Contains("the service answered INVALID_ARGUMENT", text.Stderr, StringComparison.Ordinal);
        Assert.Contains("field template_id: is not a valid id", text.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, json.ExitCode);
        var error = json.Json().GetProperty("error");
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("code").GetString());
        Assert.Equal("template_id", error.GetProperty("field_violations")[0].GetProperty("field").GetString());
    }

    [SkippableFact]
    public async Task TemplatesRender_UnknownTemplate_ExitsNotFound()
    {
        var cli = await LoggedInAsync();

        var run = await cli.RunAsync("templates", "render", UnknownTemplateId, "--json");

        Assert.Equal(5, run.ExitCode); // NOT_FOUND
        Assert.Equal("NOT_FOUND", run.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [SkippableFact]
    public async Task TemplatesPush_SameNameTwice_UpdatesTheTemplate()
    {
        var cli = await LoggedInAsync();
        var id = await PushAsync(cli, "Pushed twice");

        var again = await cli.RunAsync("templates", "push", Path.Combine(directory.Path, "Pushed twice.html"), "--json");

        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal("updated", again.Json().GetProperty("action").GetString());
        Assert.Equal(id, again.Json().GetProperty("template").GetProperty("id").GetString());
        Assert.Equal("2", again.Json().GetProperty("template").GetProperty("version").GetString());
    }

    [SkippableFact]
    public async Task TemplatesPush_NoFrontMatter_ExitsBadInputWithTheLine()
    {
        var cli = await LoggedInAsync();
        var file = Path.Combine(directory.Path, "plain.html");
        await File.WriteAllTextAsync(file, "<p>no front matter</p>");

        var run = await cli.RunAsync("templates", "push", file);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("plain.html:1: the file must start with front matter", run.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Login_KeyOnStdin_SavedOwnerOnly()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var cli = new CliProcess(ConfigHome);

        var login = await cli.RunWithInputAsync(server.ApiKey + "\n", "login", "--url", server.Url);
        var usage = await cli.RunAsync("usage", "--json");

        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        Assert.Equal(
            (UnixFileMode.UserRead | UnixFileMode.UserWrite, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), cli.ConfigModes);
        Assert.DoesNotContain(server.ApiKey, login.Stdout + login.Stderr, StringComparison.Ordinal);
        Assert.True(usage.ExitCode == ExitCodes.Ok, usage.ToString());
    }

    [SkippableFact]
    public async Task Login_WrongKey_ExitsUnauthenticatedAndSavesNothing()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var cli = new CliProcess(ConfigHome);

        var run = await cli.RunAsync("login", "--url", server.Url, "--api-key", "mek_wrong", "--json");

        Assert.Equal(16, run.ExitCode); // UNAUTHENTICATED
        Assert.Equal("UNAUTHENTICATED", run.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.False(File.Exists(cli.ConfigFile));
    }

    [SkippableFact]
    public async Task Usage_EnvironmentVariables_WinOverTheLoginFile()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        await LoggedInAsync();
        var wrongKey = new CliProcess(ConfigHome, new Dictionary<string, string> { ["MASSEMAIL_API_KEY"] = "mek_wrong" });
        var noFile = new CliProcess(Path.Combine(directory.Path, "empty"), new Dictionary<string, string>
        {
            ["MASSEMAIL_URL"] = server.Url,
            ["MASSEMAIL_API_KEY"] = server.ApiKey,
        });

        Assert.Equal(16, (await wrongKey.RunAsync("usage")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await noFile.RunAsync("usage")).ExitCode);
    }

    [Fact]
    public async Task Usage_NotLoggedIn_ExitsNotLoggedIn()
    {
        var run = await new CliProcess(ConfigHome).RunAsync("usage", "--json");

        Assert.Equal(ExitCodes.NotLoggedIn, run.ExitCode);
        Assert.Equal("NOT_LOGGED_IN", run.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Usage_NoServiceListening_ExitsUnavailableWithAHint()
    {
        var cli = new CliProcess(ConfigHome, new Dictionary<string, string>
        {
            ["MASSEMAIL_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["MASSEMAIL_API_KEY"] = "mek_any",
        });

        var run = await cli.RunAsync("usage");

        Assert.Equal(14, run.ExitCode); // UNAVAILABLE
        Assert.Contains("Is the service running at", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_UnknownOption_ExitsUsage()
    {
        var run = await new CliProcess(ConfigHome).RunAsync("templates", "list", "--bogus", "--json");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("USAGE", run.Json().GetProperty("error").GetProperty("code").GetString());
    }

    public void Dispose() => directory.Dispose();

    [SkippableFact]
    public async Task Suppressions_AddCheckListRemove_OneAddressWhateverItsCase()
    {
        var cli = await LoggedInAsync();

        var add = await cli.RunAsync("suppressions", "add", "Cli.Bounce@CLI-Suppress.example", "--reason", "bounce");
        var again = await cli.RunAsync("suppressions", "add", "cli.bounce@cli-suppress.example", "--json");
        var check = await cli.RunAsync("suppressions", "check", "CLI.BOUNCE@cli-suppress.example");
        var list = await cli.RunAsync("suppressions", "list", "--limit", "0", "--json");
        var remove = await cli.RunAsync("suppressions", "remove", "cli.bounce@cli-suppress.example");
        var after = await cli.RunAsync("suppressions", "check", "cli.bounce@cli-suppress.example", "--json");
        var bad = await cli.RunAsync("suppressions", "add", "not-an-address", "--json");

        Assert.True(add.ExitCode == ExitCodes.Ok, add.ToString());
        Assert.Contains("Suppressed Cli.Bounce@cli-suppress.example.", add.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.False(again.Json().GetProperty("added").GetBoolean());
        Assert.Equal("SUPPRESSION_REASON_BOUNCE", again.Json().GetProperty("suppression").GetProperty("reason").GetString());
        Assert.Contains("is suppressed (bounce, by api", check.Stdout, StringComparison.Ordinal);
        Assert.Contains(list.Json().EnumerateArray(), s => s.GetProperty("email").GetString() == "Cli.Bounce@cli-suppress.example");
        Assert.Contains("is no longer suppressed", remove.Stdout, StringComparison.Ordinal);
        Assert.False(after.Json().GetProperty("suppressed").GetBoolean());
        Assert.Equal(3, bad.ExitCode); // INVALID_ARGUMENT
        Assert.Equal("email", bad.Json().GetProperty("error").GetProperty("field_violations")[0].GetProperty("field").GetString());
    }

    private async Task<CliProcess> LoggedInAsync()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var cli = new CliProcess(ConfigHome);
        var login = await cli.RunAsync("login", "--url", server.Url, "--api-key", server.ApiKey);
        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        return cli;
    }

    private async Task<string> PushAsync(CliProcess cli, string name)
    {
        var file = Path.Combine(directory.Path, $"{name}.html");
        await File.WriteAllTextAsync(file, $"---\nname: {name} {Guid.NewGuid():N}\nsubject: Hi\n---\n<p>Hi</p>\n");
        var push = await cli.RunAsync("templates", "push", file, "--json");
        Assert.True(push.ExitCode == ExitCodes.Ok, push.ToString());
        return push.Json().GetProperty("template").GetProperty("id").GetString()!;
    }
}
