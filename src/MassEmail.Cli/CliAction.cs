using System.CommandLine;
using Grpc.Core;
using MassEmail.Cli.Output;

namespace MassEmail.Cli;

/// <summary>
/// Runs a command's body with the one error policy of the CLI: a failed call exits with its gRPC status code
/// and its details in words, a <see cref="CliException"/> with its own code, Ctrl-C with 130.
/// </summary>
public static class CliAction
{
    public static void Set(Command command, Func<CliContext, Task<int>> body) =>
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new CliOutput(parse.GetValue(CliApp.Json));
            using var context = new CliContext(parse, output, cancellation);
            try
            {
                return await body(context);
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                output.Fail(new CliError(ExitCodes.Interrupted, "INTERRUPTED", "interrupted", [], null));
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                var error = RpcErrors.Describe(e, context.ServiceForHints);
                output.Fail(error);
                return error.ExitCode;
            }
            catch (CliException e)
            {
                output.Fail(new CliError(e.ExitCode, CodeName(e.ExitCode), e.Message, [], null));
                return e.ExitCode;
            }
        });

    private static string CodeName(int exitCode) => exitCode switch
    {
        ExitCodes.Usage => "USAGE",
        ExitCodes.NotLoggedIn => "NOT_LOGGED_IN",
        ExitCodes.BadInput => "BAD_INPUT",
        ExitCodes.RowsRefused => "ROWS_REFUSED",
        ExitCodes.SendCancelled => "SEND_CANCELLED",
        _ => "ERROR",
    };
}
