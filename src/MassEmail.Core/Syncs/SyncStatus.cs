namespace MassEmail.Core.Syncs;

/// <summary>The stored status of a sync definition: a new definition is <see cref="Initial"/> (pending, nothing counted).</summary>
public sealed record SyncStatus(
    SyncState State,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string LastFailureMessage,
    long FailedContacts)
{
    public static readonly SyncStatus Initial = new(SyncState.Pending, null, null, "", 0);
}
