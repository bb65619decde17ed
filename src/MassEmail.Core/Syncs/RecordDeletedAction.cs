namespace MassEmail.Core.Syncs;

/// <summary>What a sync does at the vendor when a synced record is deleted locally.</summary>
public enum RecordDeletedAction
{
    /// <summary>Unsubscribe the address from the target list.</summary>
    RemoveFromList = 1,

    /// <summary>Leave the vendor's list as it is.</summary>
    Leave = 2,
}
