namespace MassEmail.Core.Syncs;

/// <summary>Where a sync definition stands; <see cref="Pending"/> until its first run starts.</summary>
public enum SyncState
{
    Pending = 1,
    InProgress = 2,
    Idle = 3,
    Failed = 4,
}
