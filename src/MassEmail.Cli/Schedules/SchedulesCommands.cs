using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Schedules;

/// <summary><c>schedules list|show|occurrences</c>: the organisation's scheduled mass emails and what each occurrence did.</summary>
public static class SchedulesCommands
{
    public static Command Create() => new("schedules", "Scheduled mass emails: list them, show one, list its occurrences")
    {
        List(), Show(), Occurrences(),
    };

    private static Command List()
    {
        var limit = LimitOption();
        var command = new Command("list", "List the organisation's schedules") { limit };
        CliAction.Set(command, async context =>
        {
            var max = Limit(context.Value(limit));
            var (shown, more) = await Paging.CollectAsync<Schedule>(
                async token =>
                {
                    var page = await context.Api.Schedules.ListSchedulesAsync(
                        new ListSchedulesRequest { PageSize = 100, PageToken = token }, cancellationToken: context.Cancellation);
                    return (page.Schedules, page.NextPageToken);
                },
                max);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(shown));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "name", "active", "start", "repeats", "next fire (UTC)");
            foreach (var s in shown)
            {
                table.AddRow(s.Id, Markup.Escape(s.Name), s.Active ? "yes" : "no", Markup.Escape(ScheduleText.Start(s)),
                    Markup.Escape(ScheduleText.Recurrence(s)), ScheduleText.Time(s.NextFireTime));
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

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "The schedule's id" };
        var command = new Command("show", "Show one schedule") { id };
        CliAction.Set(command, async context =>
        {
            var s = (await context.Api.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = context.Value(id) }, cancellationToken: context.Cancellation)).Schedule;
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(s));
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumns(2);
            foreach (var (name, value) in new[]
            {
                ("id", s.Id), ("name", s.Name), ("active", s.Active ? "yes" : "no"), ("module", s.Module.ToString()),
                ("view", s.ViewId), ("template", s.TemplateId), ("start", ScheduleText.Start(s)),
                ("repeats", ScheduleText.Recurrence(s)), ("next fire (UTC)", ScheduleText.Time(s.NextFireTime)),
                ("when the quota does not fit", s.WaitForQuotaDay ? "wait for the next UTC day" : "skip"),
                ("version", s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            })
            {
                grid.AddRow(name, Markup.Escape(value));
            }

            context.Output.Out.Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Occurrences()
    {
        var id = new Argument<string>("ID") { Description = "The schedule's id" };
        var limit = LimitOption();
        var command = new Command("occurrences", "List a schedule's occurrences: fired (with the send), missed or skipped (with the reason)") { id, limit };
        CliAction.Set(command, async context =>
        {
            var max = Limit(context.Value(limit));
            var (shown, more) = await Paging.CollectAsync<Occurrence>(
                async token =>
                {
                    var page = await context.Api.Schedules.ListOccurrencesAsync(
                        new ListOccurrencesRequest { ScheduleId = context.Value(id), PageSize = 100, PageToken = token }, cancellationToken: context.Cancellation);
                    return (page.Occurrences, page.NextPageToken);
                },
                max);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(shown));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("local time", "fire time (UTC)", "state", "send", "reason");
            foreach (var o in shown)
            {
                table.AddRow(Markup.Escape(o.LocalTime), ScheduleText.Time(o.FireTime), ScheduleText.State(o.State), o.SendId, Markup.Escape(o.Reason));
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

    private static Option<int> LimitOption() => new("--limit") { Description = "At most this many (0: all)", DefaultValueFactory = _ => 100 };

    private static int Limit(int value) => value >= 0 ? value : throw new CliException(ExitCodes.Usage, "--limit must be 0 (all) or more");
}
