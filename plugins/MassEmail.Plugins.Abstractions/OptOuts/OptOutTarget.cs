namespace MassEmail.Plugins.Abstractions;

/// <summary>A remote list of a connection that a sync definition names: where a local opt-out is published.</summary>
public sealed record OptOutTarget(string ConnectionId, string RemoteListId)
{
    /// <summary>As the outbox remembers the targets that took a change.</summary>
    public string Key => $"{ConnectionId}/{RemoteListId}";
}
