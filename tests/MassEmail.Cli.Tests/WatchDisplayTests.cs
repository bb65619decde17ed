using MassEmail.Cli.Sending;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Tests;

/// <summary>
/// What <c>send watch</c> shows of a send whose audience snapshot fails (<c>snapshot_error</c>) or whose batches fail
/// (<c>batch_error</c>), on a terminal and without one. The process-level tests cannot make a real server's store fail;
/// the server side of the reasons is shown by the engine's snapshot lease tests and batch failure tests.
/// </summary>
public sealed class WatchDisplayTests
{
    private const string BatchFailure = "Sending a batch failed at 2026-12-06 18:00:00 UTC; its unsent rows are tried again within 60 s: disk I/O error";

    private const string Failure = "Writing the audience snapshot failed at 2026-12-06 18:00:00 UTC and is tried again within 60 s: database or disk is full";

    [Fact]
    public void Render_SnapshotFailing_ShowsTheReasonEscaped()
    {
        var send = Send(SendState.Queued, Failure + " [x]");

        var text = Draw(WatchDisplay.Render(send.Id, send, new RateEstimator(), live: true));

        Assert.Contains($"snapshot failing: {Failure} [x]", text.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SnapshotFine_NoFailureLine()
    {
        var send = Send(SendState.Sending, "");

        var text = Draw(WatchDisplay.Render(send.Id, send, new RateEstimator(), live: true));

        Assert.DoesNotContain("snapshot failing", text, StringComparison.Ordinal);
        Assert.Contains("SENDING", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BatchesFailing_ShowsTheReasonEscapedAndNoSnapshotLine()
    {
        var send = Send(SendState.Sending, "", BatchFailure + " [y]");

        var text = Draw(WatchDisplay.Render(send.Id, send, new RateEstimator(), live: true));

        Assert.Contains($"batches failing: {BatchFailure} [y]", text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.DoesNotContain("snapshot failing", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeLine_BatchesStartThenStopFailingWhileSending_ALineEachTime()
    {
        var now = new DateTime(2026, 12, 6, 18, 0, 2, DateTimeKind.Utc);
        var sending = Send(SendState.Sending, "");
        var failing = Send(SendState.Sending, "", BatchFailure);

        Assert.Equal($"18:00:02 send s1 SENDING (batches failing: {BatchFailure})", WatchDisplay.ChangeLine(sending, failing, now));
        Assert.Null(WatchDisplay.ChangeLine(failing, failing.Clone(), now));
        Assert.Equal("18:00:02 send s1 SENDING", WatchDisplay.ChangeLine(failing, sending, now));
    }

    [Fact]
    public void ChangeLine_FailureStartsThenStopsInOneState_ALineEachTimeAndNoneInBetween()
    {
        var now = new DateTime(2026, 12, 6, 18, 0, 1, DateTimeKind.Utc);
        var queued = Send(SendState.Queued, "");
        var failing = Send(SendState.Queued, Failure);
        var sending = Send(SendState.Sending, "");

        Assert.Equal("18:00:01 send s1 QUEUED", WatchDisplay.ChangeLine(null, queued, now));
        Assert.Equal($"18:00:01 send s1 QUEUED (snapshot failing: {Failure})", WatchDisplay.ChangeLine(queued, failing, now));
        Assert.Null(WatchDisplay.ChangeLine(failing, failing.Clone(), now));
        Assert.Equal("18:00:01 send s1 SENDING", WatchDisplay.ChangeLine(failing, sending, now));
        Assert.Null(WatchDisplay.ChangeLine(sending, sending.Clone(), now));
    }

    private static MassSend Send(SendState state, string snapshotError, string batchError = "") => new()
    {
        Id = "s1",
        State = state,
        SnapshotError = snapshotError,
        BatchError = batchError,
        Counts = new DeliveryCounts { Total = 10, Pending = 10 },
    };

    private static string Draw(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        console.Write(renderable);
        return writer.ToString();
    }
}
