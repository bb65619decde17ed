using System.CommandLine;

namespace MassEmail.Cli.Sending;

/// <summary><c>send watch ID</c>: live progress until the send ends; Ctrl-C detaches.</summary>
public static class SendWatchCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The send's id" };
        var command = new Command("watch", "Follow a send until it completes or is cancelled (Ctrl-C detaches; the send goes on)") { id };
        CliAction.Set(command, context => SendWatcher.WatchAsync(context, context.Value(id)));
        return command;
    }
}
