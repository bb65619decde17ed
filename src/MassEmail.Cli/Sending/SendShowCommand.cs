using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Sending;

/// <summary><c>send show ID</c>: a send's state and counts once (what <c>send watch</c> follows), e.g. after detaching.</summary>
public static class SendShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The send's id" };
        var command = new Command("show", "Show a send's state and delivery counts") { id };
        CliAction.Set(command, async context =>
        {
            var send = (await context.Api.Sends.GetMassSendAsync(new GetMassSendRequest { Id = context.Value(id) }, cancellationToken: context.Cancellation)).Send;
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(send));
            }
            else
            {
                context.Output.Out.Write(WatchDisplay.Render(send.Id, send, new RateEstimator(), live: false));
                context.Output.Line("");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
