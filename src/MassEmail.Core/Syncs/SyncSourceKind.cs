namespace MassEmail.Core.Syncs;

/// <summary>Where a sync definition's records come from.</summary>
public enum SyncSourceKind
{
    /// <summary>A saved custom view of the module.</summary>
    View = 1,

    /// <summary>Criteria of the definition itself (stored as <see cref="Recipients.Criteria.CriteriaJson"/>).</summary>
    Criteria = 2,

    /// <summary>A local mailing list of the module.</summary>
    List = 3,
}
