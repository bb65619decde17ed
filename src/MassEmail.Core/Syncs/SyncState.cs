namespace MassEmail.Core.Syncs;

/// <summary>Where a sync definition stands. Only the sync worker (not built yet) moves it from <see cref="Pending"/>.</summary>
public enum SyncState
{
    Pending = 1,
    InProgress = 2,
    Idle = 3,
    Failed = 4,
}
