using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Sending;

/// <summary><c>send deliveries ID [--state failed] [--limit N]</c>: a send's deliveries in id order.</summary>
public static class SendDeliveriesCommand
{
    private static readonly Dictionary<string, DeliveryState> States = new()
    {
        ["pending"] = DeliveryState.Pending,
        ["claimed"] = DeliveryState.Claimed,
        ["sent"] = DeliveryState.Sent,
        ["failed"] = DeliveryState.Failed,
        ["skipped"] = DeliveryState.Skipped,
        ["unknown"] = DeliveryState.Unknown,
    };

    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The send's id" };
        var state = new Option<string?>("--state") { Description = "Only deliveries in this state" };
        state.AcceptOnlyFromAmong([.. States.Keys]);
        var limit = new Option<int>("--limit") { Description = "At most this many (0: all)", DefaultValueFactory = _ => 100 };
        var command = new Command("deliveries", "List a send's deliveries") { id, state, limit };
        CliAction.Set(command, async context =>
        {
            var max = context.Value(limit);
            if (max < 0)
            {
                throw new CliException(ExitCodes.Usage, "--limit must be 0 (all) or more");
            }

            var request = new ListDeliveriesRequest
            {
                SendId = context.Value(id),
                State = context.Value(state) is { } s ? States[s] : DeliveryState.Unspecified,
                PageSize = 1000,
            };
            var deliveries = new List<Delivery>();
            do
            {
                var page = await context.Api.Sends.ListDeliveriesAsync(request, cancellationToken: context.Cancellation);
                deliveries.AddRange(page.Deliveries);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && (max == 0 || deliveries.Count < max));

            var more = request.PageToken.Length > 0 || (max > 0 && deliveries.Count > max);
            var shown = max == 0 ? deliveries : deliveries.Take(max).ToList();
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(shown));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumn(new TableColumn("record").NoWrap()).AddColumns("email", "state", "skip reason", "attempts", "error");
            foreach (var d in shown)
            {
                table.AddRow(
                    Markup.Escape(d.RecordId), Markup.Escape(d.Email), States.FirstOrDefault(s => s.Value == d.State).Key ?? "unspecified", d.SkipReason == SkipReason.Unspecified ? "" : $"{d.SkipReason}", $"{d.Attempts}", Markup.Escape(d.Error));
            }

            context.Output.Out.Write(table);
            if (more)
            {
                context.Output.Line($"First {shown.Count} shown; --limit 0 lists all.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
