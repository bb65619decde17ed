using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>Record equality including the custom fields (a record's own equality compares the dictionary by reference).</summary>
internal static class RecordAssert
{
    private static readonly IReadOnlyDictionary<string, FieldValue> Same = new Dictionary<string, FieldValue>();

    public static void Equal(RecipientRecord expected, RecipientRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Custom = Same }, actual with { Custom = Same });
        Assert.Equal(Sorted(expected.Custom), Sorted(actual.Custom));
    }

    public static void Equal(IEnumerable<RecipientRecord> expected, IEnumerable<RecipientRecord> actual)
    {
        List<RecipientRecord> e = [.. expected], a = [.. actual];
        Assert.Equal(e.Select(r => r.Id), a.Select(r => r.Id));
        for (var i = 0; i < e.Count; i++)
        {
            Equal(e[i], a[i]);
        }
    }

    private static List<KeyValuePair<string, FieldValue>> Sorted(IReadOnlyDictionary<string, FieldValue> custom) =>
        [.. custom.OrderBy(p => p.Key, StringComparer.Ordinal)];
}
