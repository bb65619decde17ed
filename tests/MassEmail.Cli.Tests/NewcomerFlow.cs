namespace MassEmail.Cli.Tests;

/// <summary>
/// What a newcomer does with the CLI, step by step, each step's exit code and <c>--json</c> document checked:
/// login, import a CSV of contacts with two bad rows (an error report names them), push a template, start a
/// send to the imported contacts and watch it to COMPLETED. Contacts, not candidates: the Quick start service's
/// own tests count mail to the demo candidates.
/// </summary>
public static class NewcomerFlow
{
    public const int GoodRows = 4;

    public static async Task RunAsync(CliProcess cli, string url, string apiKey, string workDirectory)
    {
        var prefix = $"cli{Guid.NewGuid():N}"[..15];

        var login = await cli.RunAsync("login", "--url", url, "--api-key", apiKey, "--json");
        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        Assert.Equal(url, login.Json().GetProperty("url").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, cli.ConfigModes.File);

        var csv = Path.Combine(workDirectory, "contacts.csv");
        await File.WriteAllTextAsync(csv, string.Join('\n',
            "External Id,First Name,Email,Start",
            $"{prefix}-1,Ada,{prefix}-1@cli-test.example,2026-01-05",
            $"{prefix}-2,Alan,{prefix}-2@cli-test.example,2026-02-01",
            $",Nobody,{prefix}-x@cli-test.example,2026-02-01",
            $"{prefix}-3,\"Grace, Rear Admiral\",{prefix}-3@cli-test.example,",
            $"{prefix}-5,short row",
            $"{prefix}-4,Edsger,{prefix}-4@cli-test.example,2026-03-01") + "\n");
        var import = await cli.RunAsync("records", "import", csv, "--module", "contacts", "--map", "External Id=external_id", "--map", "Start=custom.cli_start:date", "--json");
        Assert.True(import.ExitCode == ExitCodes.RowsRefused, import.ToString());
        var imported = import.Json();
        Assert.Equal(2, imported.GetProperty("failed").GetInt64());
        Assert.Equal($"{GoodRows}", imported.GetProperty("service").GetProperty("inserted").GetString());
        var report = await File.ReadAllLinesAsync(imported.GetProperty("error_report").GetString()!);
        Assert.Equal(
            ["line,external_id,field,reason", "4,,external_id,is required", $"6,{prefix}-5,row,\"has 2 fields, the header has 4\""],
            report);

        var templateFile = Path.Combine(workDirectory, "welcome.html");
        await File.WriteAllTextAsync(templateFile, $"""
            ---
            name: CLI welcome {prefix}
            subject: Hello {"{{"} record.first_name {"}}"}
            ---
            <p>Hi {"{{"} record.first_name {"}}"}, news from {"{{"} org.name {"}}"}.</p>
            """);
        var push = await cli.RunAsync("templates", "push", templateFile, "--json");
        Assert.True(push.ExitCode == ExitCodes.Ok, push.ToString());
        Assert.Equal("created", push.Json().GetProperty("action").GetString());
        var templateId = push.Json().GetProperty("template").GetProperty("id").GetString()!;

        var criteria = CriteriaJson.ExternalIdStartsWith(prefix);
        var start = await cli.RunAsync(
            "send", "start", "--module", "contacts", "--template", templateId, "--from", "organisation", "--reply-to", "organisation", "--criteria", criteria, "--json");
        Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
        var sendId = start.Json().GetProperty("id").GetString()!;
        Assert.Equal($"{GoodRows}", start.Json().GetProperty("reserved").GetString());

        var watch = await cli.RunAsync("send", "watch", sendId, "--json");
        Assert.True(watch.ExitCode == ExitCodes.Ok, watch.ToString());
        var watched = watch.Json();
        Assert.False(watched.GetProperty("detached").GetBoolean());
        Assert.Equal("SEND_STATE_COMPLETED", watched.GetProperty("send").GetProperty("state").GetString());
        Assert.Equal($"{GoodRows}", watched.GetProperty("send").GetProperty("counts").GetProperty("sent").GetString());

        var deliveries = await cli.RunAsync("send", "deliveries", sendId, "--json");
        Assert.True(deliveries.ExitCode == ExitCodes.Ok, deliveries.ToString());
        Assert.Equal(
            Enumerable.Range(1, GoodRows).Select(i => $"{prefix}-{i}@cli-test.example"),
            deliveries.Json().EnumerateArray().Where(d => d.GetProperty("state").GetString() == "DELIVERY_STATE_SENT").Select(d => d.GetProperty("email").GetString()).Order());
    }
}
