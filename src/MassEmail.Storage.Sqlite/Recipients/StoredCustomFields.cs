using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>A record's custom fields as its row stores them (the columns' UTF-8 text), parsed by <see cref="CustomFieldsJson"/> when first asked for.</summary>
internal sealed class StoredCustomFields : DeferredCustomFields
{
    private readonly byte[] custom;
    private readonly byte[] dateKeys;

    private StoredCustomFields(byte[] custom, byte[] dateKeys)
    {
        this.custom = custom;
        this.dateKeys = dateKeys;
    }

    /// <summary>The columns' text, copied (a statement's buffers last until its next step); read when first asked.</summary>
    public static IReadOnlyDictionary<string, FieldValue> From(ReadOnlySpan<byte> custom, ReadOnlySpan<byte> dateKeys) =>
        new StoredCustomFields(custom.ToArray(), dateKeys.ToArray());

    protected override Dictionary<string, FieldValue> Parse() => CustomFieldsJson.Read(custom, dateKeys);
}
