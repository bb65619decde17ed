namespace MassEmail.Core.Recipients.Records;

/// <summary>Size bounds of record values, so that one row cannot bloat the store or a message.</summary>
public static class RecordLimits
{
    public const int MaxExternalIdLength = 200;
    public const int MaxNameLength = 200;
    public const int MaxPhoneLength = 50;
    public const int MaxEmailLength = 320;
    public const int MaxCustomFields = 200;

    /// <summary>Custom field names are lower snake_case of at most this many characters, checked before anything else looks at the name.</summary>
    public const int MaxCustomFieldNameLength = 64;
    public const int MaxCustomTextLength = 10_000;
    public const int MaxListItems = 200;
    public const int MaxBatchRows = 5_000;
}
