using System.CommandLine;
using System.Text.Json.Nodes;
using MassEmail.Cli.Config;
using MassEmail.Cli.Connection;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli;

/// <summary>
/// <c>login</c>: checks an address and API key against the service (GetUsage, which every valid key may call)
/// and keeps them in the per-user login file. The key comes from <c>--api-key</c>, else from stdin (one line),
/// else from a hidden prompt, so it need not appear in shell history.
/// </summary>
public static class LoginCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The service's gRPC address, e.g. http://127.0.0.1:5080", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = "The API key (else read from stdin, or asked for)" };
        var command = new Command("login", $"Check an address and API key and keep them in {ConfigStore.FilePath} (mode 0600)") { url, apiKey };
        CliAction.Set(command, async context =>
        {
            var config = new CliConfig(context.Value(url), context.Value(apiKey) ?? ReadKey(context.Output));
            using var api = new ApiConnection(config);
            var usage = await api.Sends.GetUsageAsync(new GetUsageRequest(), cancellationToken: context.Cancellation);
            ConfigStore.Save(config);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject { ["url"] = config.Url, ["config_file"] = ConfigStore.FilePath, ["usage"] = ProtoJson.From(usage) });
            }
            else
            {
                context.Output.Line($"Logged in to {config.Url}; saved to {ConfigStore.FilePath} (readable by you only).");
                if (Environment.GetEnvironmentVariable(ConfigStore.UrlVariable) is { Length: > 0 } || Environment.GetEnvironmentVariable(ConfigStore.ApiKeyVariable) is { Length: > 0 })
                {
                    context.Output.Line($"Note: {ConfigStore.UrlVariable}/{ConfigStore.ApiKeyVariable} are set and win over the file.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string ReadKey(CliOutput output)
    {
        var key = Console.IsInputRedirected
            ? Console.In.ReadLine()
            : output.Error.Prompt(new TextPrompt<string>("API key:").Secret());
        return string.IsNullOrWhiteSpace(key) ? throw new CliException(ExitCodes.Usage, "no API key given") : key.Trim();
    }
}
