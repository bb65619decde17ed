namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>How <c>records</c> rows are found: its key is (org_id, module, id), and an id alone arrives without its module.</summary>
internal static class RecordKeys
{
    /// <summary>
    /// Every <see cref="Core.Recipients.RecordModule"/> value: "AND module IN (…) AND id = @id" turns a lookup by
    /// id into one seek per module on the key (a handful), instead of a second index kept up to date on every import.
    /// </summary>
    public const string AnyModule = "module IN (1, 2, 3)";
}
