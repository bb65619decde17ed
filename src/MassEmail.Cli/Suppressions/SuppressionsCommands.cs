using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Suppressions;

/// <summary><c>suppressions add|remove|check|list</c>: the organisation's suppression list, one call each (list pages through).</summary>
public static class SuppressionsCommands
{
    private static readonly Dictionary<string, SuppressionReason> Reasons = new(StringComparer.Ordinal)
    {
        ["manual"] = SuppressionReason.Manual,
        ["bounce"] = SuppressionReason.Bounce,
        ["complaint"] = SuppressionReason.Complaint,
    };

    public static Command Create() => new("suppressions", "The organisation's suppression list: addresses no send mails")
    {
        Add(), Remove(), Check(), List(),
    };

    private static Command Add()
    {
        var email = new Argument<string>("EMAIL") { Description = "The address to suppress" };
        var reason = new Option<string>("--reason") { Description = "Why", DefaultValueFactory = _ => "manual" };
        reason.AcceptOnlyFromAmong([.. Reasons.Keys]);
        var command = new Command("add", "Suppress an address (kept as it is when already suppressed)") { email, reason };
        CliAction.Set(command, async context =>
        {
            var added = await context.Api.Recipients.AddSuppressionAsync(
                new AddSuppressionRequest { Email = context.Value(email), Reason = Reasons[context.Value(reason)] }, cancellationToken: context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(added));
            }
            else
            {
                context.Output.Line(added.Added
                    ? $"Suppressed {added.Suppression.Email}."
                    : $"{added.Suppression.Email} was already suppressed ({Name(added.Suppression.Reason)}).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var email = new Argument<string>("EMAIL") { Description = "The address to lift the suppression of" };
        var command = new Command("remove", "Lift an address's suppression") { email };
        CliAction.Set(command, async context =>
        {
            var removed = await context.Api.Recipients.RemoveSuppressionAsync(
                new RemoveSuppressionRequest { Email = context.Value(email) }, cancellationToken: context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(removed));
            }
            else
            {
                context.Output.Line(removed.Removed ? $"{context.Value(email)} is no longer suppressed." : $"{context.Value(email)} was not suppressed.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check()
    {
        var email = new Argument<string>("EMAIL") { Description = "The address to look up" };
        var command = new Command("check", "Tell whether an address is suppressed") { email };
        CliAction.Set(command, async context =>
        {
            var check = await context.Api.Recipients.CheckSuppressionAsync(
                new CheckSuppressionRequest { Email = context.Value(email) }, cancellationToken: context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(check));
            }
            else
            {
                context.Output.Line(check.Suppressed
                    ? $"{check.Suppression.Email} is suppressed ({Name(check.Suppression.Reason)}, by {check.Suppression.Source}, {check.Suppression.CreateTime.ToDateTimeOffset():u})."
                    : $"{context.Value(email)} is not suppressed.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "At most this many (0: all)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List suppressed addresses, by address") { limit };
        CliAction.Set(command, async context =>
        {
            var max = context.Value(limit);
            if (max < 0)
            {
                throw new CliException(ExitCodes.Usage, "--limit must be 0 (all) or more");
            }

            var (shown, more) = await Paging.CollectAsync<Suppression>(
                async token =>
                {
                    var page = await context.Api.Recipients.ListSuppressionsAsync(
                        new ListSuppressionsRequest { PageSize = 500, PageToken = token }, cancellationToken: context.Cancellation);
                    return (page.Suppressions, page.NextPageToken);
                },
                max);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(shown));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("email", "reason", "source", "since", "detail");
            foreach (var s in shown)
            {
                table.AddRow(Markup.Escape(s.Email), Name(s.Reason), Markup.Escape(s.Source), $"{s.CreateTime.ToDateTimeOffset():u}", Markup.Escape(s.Detail));
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

    private static string Name(SuppressionReason reason) => Reasons.FirstOrDefault(r => r.Value == reason).Key ?? "unspecified";
}
