using System.Text.Json.Nodes;
using Grpc.Core;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Sending;

/// <summary>
/// Follows WatchMassSend until the send is COMPLETED (exit 0) or CANCELLED (exit 24). Ctrl-C only stops
/// watching (exit 130): the send is the service's and goes on. On a terminal the display is redrawn in place;
/// otherwise each state change is one line (no progress drawing), and with --json the end is one document.
/// </summary>
public static class SendWatcher
{
    public static async Task<int> WatchAsync(CliContext context, string id)
    {
        var rate = new RateEstimator();
        MassSend? last = null;
        try
        {
            if (context.Output.Live)
            {
                await context.Output.Out.Live(WatchDisplay.Render(id, null, rate, live: true)).StartAsync(async live =>
                    await FollowAsync(context, id, send =>
                    {
                        last = send;
                        rate.Observe(SendStates.Done(send.Counts));
                        live.UpdateTarget(WatchDisplay.Render(id, send, rate, live: true));
                    }));
            }
            else
            {
                await FollowAsync(context, id, send =>
                {
                    if (WatchDisplay.ChangeLine(last, send, DateTime.UtcNow) is { } line)
                    {
                        context.Output.Line(line);
                    }

                    last = send;
                });
            }
        }
        catch (Exception e) when (context.Cancellation.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            Finish(context.Output, last, detached: true);
            return ExitCodes.Interrupted;
        }

        Finish(context.Output, last!, detached: false);
        return last!.State == SendState.Cancelled ? ExitCodes.SendCancelled : ExitCodes.Ok;
    }

    /// <summary>Reads the watch stream to the send's end; a stream the service closes early (a restart) is opened again.</summary>
    private static async Task FollowAsync(CliContext context, string id, Action<MassSend> onUpdate)
    {
        var client = context.Api.Sends;
        while (true)
        {
            using var call = client.WatchMassSend(new WatchMassSendRequest { Id = id }, cancellationToken: context.Cancellation);
            var received = 0;
            await foreach (var message in call.ResponseStream.ReadAllAsync(context.Cancellation))
            {
                received++;
                onUpdate(message.Send);
                if (SendStates.IsTerminal(message.Send.State))
                {
                    return;
                }
            }

            if (received == 0)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "the service closed the watch without reporting the send"));
            }
        }
    }

    private static void Finish(CliOutput output, MassSend? send, bool detached)
    {
        if (output.Json)
        {
            output.WriteJson(new JsonObject { ["detached"] = detached, ["send"] = send is null ? null : ProtoJson.From(send) });
            return;
        }

        if (send is null)
        {
            output.Line("Detached before the first progress message.");
            return;
        }

        var c = send.Counts;
        var summary = $"{c.Sent:N0} sent, {c.Failed:N0} failed, {c.Skipped:N0} skipped, {c.Unknown:N0} unknown of {c.Total:N0}";
        output.Line(detached
            ? $"Detached: send {send.Id} goes on ({SendStates.Name(send.State)}, {summary}). Watch again: massemail send watch {send.Id}"
            : $"Send {send.Id} {SendStates.Name(send.State)}: {summary}.");
    }
}
