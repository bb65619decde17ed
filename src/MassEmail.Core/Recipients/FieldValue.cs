namespace MassEmail.Core.Recipients;

/// <summary>
/// A typed value of a custom field or of a criteria condition. Exactly the member matching
/// <see cref="Type"/> is meaningful. Dates are Unix milliseconds so that both stores compare them as numbers.
/// </summary>
public sealed class FieldValue : IEquatable<FieldValue>
{
    private FieldValue(FieldType type, string text, double number, bool flag, IReadOnlyList<string> list)
    {
        Type = type;
        Text = text;
        Number = number;
        Bool = flag;
        List = list;
    }

    public FieldType Type { get; }

    public string Text { get; }

    /// <summary>The number, or for <see cref="FieldType.Date"/> the Unix milliseconds.</summary>
    public double Number { get; }

    public bool Bool { get; }

    public IReadOnlyList<string> List { get; }

    public long UnixMilliseconds => (long)Number;

    public static FieldValue Of(string text) => new(FieldType.String, text, 0, false, []);

    public static FieldValue Of(double number) => new(FieldType.Number, "", number, false, []);

    public static FieldValue Of(bool flag) => new(FieldType.Bool, "", 0, flag, []);

    public static FieldValue Of(DateTimeOffset date) => OfDate(date.ToUnixTimeMilliseconds());

    public static FieldValue OfDate(long unixMilliseconds) => new(FieldType.Date, "", unixMilliseconds, false, []);

    public static FieldValue Of(IReadOnlyList<string> list) => new(FieldType.List, "", 0, false, list);

    /// <summary>True for an empty string or an empty list: such values count as "empty" in criteria.</summary>
    public bool IsEmpty => (Type == FieldType.String && Text.Length == 0) || (Type == FieldType.List && List.Count == 0);

    public bool Equals(FieldValue? other) =>
        other is not null && Type == other.Type && Text == other.Text && Number.Equals(other.Number) && Bool == other.Bool
        && List.SequenceEqual(other.List, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as FieldValue);

    public override int GetHashCode() => HashCode.Combine(Type, Text, Number, Bool, List.Count);

    public override string ToString() => Type switch
    {
        FieldType.String => Text,
        FieldType.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldType.Bool => Bool ? "true" : "false",
        FieldType.Date => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds).ToString("O"),
        _ => "[" + string.Join(", ", List) + "]",
    };
}
