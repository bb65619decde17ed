using MassEmail.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MassEmail.Cli.Sending;

/// <summary>The live picture of a send: deliveries by state, a bar of those finished, the rate and the ETA.</summary>
public static class WatchDisplay
{
    private const int BarWidth = 40;

    /// <param name="live">Drawn by <c>send watch</c>, which Ctrl-C detaches from.</param>
    public static IRenderable Render(string id, MassSend? send, RateEstimator rate, bool live)
    {
        if (send is null)
        {
            return new Markup($"Send [bold]{Markup.Escape(id)}[/]: waiting for the first progress message…");
        }

        var counts = send.Counts;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("state").AddColumn(new TableColumn("deliveries").RightAligned());
        table.AddRow("pending", $"{counts.Pending:N0}");
        table.AddRow("in flight", $"{counts.Claimed:N0}");
        table.AddRow("[green]sent[/]", $"{counts.Sent:N0}");
        table.AddRow("[red]failed[/]", $"{counts.Failed:N0}");
        table.AddRow("[grey]skipped[/]", $"{counts.Skipped:N0}");
        table.AddRow("[yellow]unknown[/]", $"{counts.Unknown:N0}");
        table.AddRow("[bold]total[/]", $"[bold]{counts.Total:N0}[/]");

        var lines = new List<IRenderable>
        {
            new Markup($"Send {Markup.Escape(send.Id)}: [bold]{SendStates.Name(send.State)}[/]"),
            table,
            new Text(ProgressLine(send, rate)),
        };
        if (send.State == SendState.Paused && send.PauseReason.Length > 0)
        {
            lines.Add(new Markup($"[yellow]paused:[/] {Markup.Escape(send.PauseReason)}"));
        }

        if (send.SnapshotError.Length > 0)
        {
            lines.Add(new Markup($"[red]snapshot failing:[/] {Markup.Escape(send.SnapshotError)}"));
        }

        if (send.BatchError.Length > 0)
        {
            lines.Add(new Markup($"[red]batches failing:[/] {Markup.Escape(send.BatchError)}"));
        }

        if (live && !SendStates.IsTerminal(send.State))
        {
            lines.Add(new Markup("[grey]Ctrl-C detaches; the send goes on.[/]"));
        }

        return new Rows(lines);
    }

    /// <summary>
    /// The line a watch without a terminal prints when the send's state changed or its snapshot or its batches started or
    /// stopped failing (a line without the failure: they go on again); null when none of these changed.
    /// </summary>
    public static string? ChangeLine(MassSend? last, MassSend send, DateTime now)
    {
        if (last is not null && last.State == send.State && last.SnapshotError == send.SnapshotError && last.BatchError == send.BatchError)
        {
            return null;
        }

        var paused = send.PauseReason.Length > 0 ? $": {send.PauseReason}" : "";
        var snapshot = send.SnapshotError.Length > 0 ? $" (snapshot failing: {send.SnapshotError})" : "";
        var batches = send.BatchError.Length > 0 ? $" (batches failing: {send.BatchError})" : "";
        return $"{now:HH:mm:ss} send {send.Id} {SendStates.Name(send.State)}{paused}{snapshot}{batches}";
    }

    /// <summary><c>[██████░░░░] 60%  120/s  ETA 0:00:04</c>.</summary>
    public static string ProgressLine(MassSend send, RateEstimator rate)
    {
        var counts = send.Counts;
        var done = SendStates.Done(counts);
        var fraction = counts.Total == 0 ? (SendStates.IsTerminal(send.State) ? 1 : 0) : (double)done / counts.Total;
        var filled = (int)Math.Round(fraction * BarWidth);
        var eta = rate.Eta(counts.Pending + counts.Claimed);
        return $"[{new string('█', filled)}{new string('░', BarWidth - filled)}] {fraction * 100:0}%  "
            + $"{(rate.Rate is { } r ? $"{r:N1}/s" : "–/s")}  ETA {(eta is { } e ? e.ToString(@"h\:mm\:ss") : "–")}";
    }
}
