using System.CommandLine;

namespace MassEmail.Cli.Sending;

/// <summary><c>send</c>: start, watch, show, pause, resume, cancel, deliveries.</summary>
public static class SendCommands
{
    public static Command Create() => new("send", "Mass sends")
    {
        SendStartCommand.Create(),
        SendWatchCommand.Create(),
        SendShowCommand.Create(),
        SendControlCommands.Pause(),
        SendControlCommands.Resume(),
        SendControlCommands.Cancel(),
        SendDeliveriesCommand.Create(),
    };
}
