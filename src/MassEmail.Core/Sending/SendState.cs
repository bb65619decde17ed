namespace MassEmail.Core.Sending;

/// <summary>The life of a mass send.</summary>
public enum SendState
{
    /// <summary>Accepted; its audience snapshot is being (or will be) written.</summary>
    Queued = 1,

    /// <summary>The snapshot is complete; pending deliveries are being sent.</summary>
    Sending = 2,

    /// <summary>Stopped by a caller or by the provider (see the reason); resume sends only pending deliveries.</summary>
    Paused = 3,

    /// <summary>Every delivery reached a final state.</summary>
    Completed = 4,

    /// <summary>Stopped for good by a caller; pending deliveries stay unsent.</summary>
    Cancelled = 5,
}
