using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Sending;

/// <summary><c>send pause|resume|cancel ID</c>: one call each, printing the send's new state.</summary>
public static class SendControlCommands
{
    public static Command Pause() => Create("pause", "Pause a send; messages in flight finish, nothing else leaves",
        async (c, id, t) => (await c.PauseMassSendAsync(new PauseMassSendRequest { Id = id }, cancellationToken: t)).Send);

    public static Command Resume() => Create("resume", "Resume a paused send; only pending deliveries are sent",
        async (c, id, t) => (await c.ResumeMassSendAsync(new ResumeMassSendRequest { Id = id }, cancellationToken: t)).Send);

    public static Command Cancel() => Create("cancel", "Cancel a send for good; pending deliveries are not sent",
        async (c, id, t) => (await c.CancelMassSendAsync(new CancelMassSendRequest { Id = id }, cancellationToken: t)).Send);

    private static Command Create(string name, string description, Func<MassSendService.MassSendServiceClient, string, CancellationToken, Task<MassSend>> call)
    {
        var id = new Argument<string>("ID") { Description = "The send's id" };
        var command = new Command(name, description) { id };
        CliAction.Set(command, async context =>
        {
            var send = await call(context.Api.Sends, context.Value(id), context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(send));
            }
            else
            {
                context.Output.Line($"Send {send.Id} is {SendStates.Name(send.State)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
