namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>
/// Server features some contract tests depend on. Test servers such as CongoDB lack some; tests that
/// need one are reported as skipped there, never passed silently.
/// </summary>
[Flags]
public enum StoreCapabilities
{
    None = 0,

    /// <summary>Unique indexes other than <c>_id</c> refuse duplicates.</summary>
    UniqueSecondaryIndexes = 1 << 0,
}
