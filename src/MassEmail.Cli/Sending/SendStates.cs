using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Sending;

/// <summary>Send states in words, and which ones end a send.</summary>
public static class SendStates
{
    public static bool IsTerminal(SendState state) => state is SendState.Completed or SendState.Cancelled;

    /// <summary><c>SENDING</c>, as the proto spells it without its prefix.</summary>
    public static string Name(SendState state) => state switch
    {
        SendState.Queued => "QUEUED",
        SendState.Sending => "SENDING",
        SendState.Paused => "PAUSED",
        SendState.Completed => "COMPLETED",
        SendState.Cancelled => "CANCELLED",
        _ => "UNSPECIFIED",
    };

    /// <summary>Deliveries that reached a final state.</summary>
    public static long Done(DeliveryCounts counts) => counts.Sent + counts.Failed + counts.Skipped + counts.Unknown;
}
