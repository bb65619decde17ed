using System.CommandLine;
using MassEmail.Cli.Config;
using MassEmail.Cli.Connection;
using MassEmail.Cli.Output;

namespace MassEmail.Cli;

/// <summary>What a command's action works with: its parsed values, the output, Ctrl-C, and the connection on first use.</summary>
public sealed class CliContext(ParseResult parse, CliOutput output, CancellationToken cancellation) : IDisposable
{
    private ApiConnection? connection;

    public ParseResult Parse { get; } = parse;

    public CliOutput Output { get; } = output;

    /// <summary>Cancelled on Ctrl-C.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The service, as <c>login</c> or MASSEMAIL_URL/MASSEMAIL_API_KEY say.</summary>
    public ApiConnection Api => connection ??= new ApiConnection(ConfigStore.Load() ?? throw new CliException(
        ExitCodes.NotLoggedIn,
        $"not logged in: run massemail login --url URL --api-key KEY, or set {ConfigStore.UrlVariable} and {ConfigStore.ApiKeyVariable}"));

    /// <summary>The address for error hints, without connecting.</summary>
    public Uri ServiceForHints => connection?.Url ?? (Uri.TryCreate(ConfigStore.Load()?.Url, UriKind.Absolute, out var url) ? url : new Uri("http://127.0.0.1:5080"));

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public void Dispose() => connection?.Dispose();
}
