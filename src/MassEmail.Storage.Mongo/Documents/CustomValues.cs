using MassEmail.Core.Recipients;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// Custom field values as native BSON: strings, doubles, booleans, BSON dates (Unix milliseconds,
/// like <see cref="FieldValue.UnixMilliseconds"/>) and arrays of strings. Dates are BSON dates rather
/// than plain integers so that a stored value says its own type: numbers may come back as another
/// numeric BSON type (CongoDB turns an Int64 or a whole Double into an Int32), a date never does.
/// </summary>
internal static class CustomValues
{
    public static BsonDocument ToBson(IReadOnlyDictionary<string, FieldValue> values)
    {
        var doc = new BsonDocument();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            doc[CustomFieldKeys.Encode(name)] = ToBson(value);
        }

        return doc;
    }

    public static BsonValue ToBson(FieldValue value) => value.Type switch
    {
        FieldType.String => new BsonString(value.Text),
        FieldType.Number => new BsonDouble(value.Number),
        FieldType.Bool => BsonBoolean.Create(value.Bool),
        FieldType.Date => new BsonDateTime(value.UnixMilliseconds),
        FieldType.List => new BsonArray(value.List),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Type, "Unknown field type."),
    };

    /// <summary>Reads the stored values; a null (or an unreadable value written by someone else) counts as absent.</summary>
    public static Dictionary<string, FieldValue> FromBson(BsonDocument? doc)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (doc is null)
        {
            return values;
        }

        foreach (BsonElement element in doc)
        {
            if (FromBson(element.Value) is { } value)
            {
                values[CustomFieldKeys.Decode(element.Name)] = value;
            }
        }

        return values;
    }

    private static FieldValue? FromBson(BsonValue value) => value.BsonType switch
    {
        BsonType.String => FieldValue.Of(value.AsString),
        BsonType.Double or BsonType.Int32 or BsonType.Int64 or BsonType.Decimal128 => FieldValue.Of(value.ToDouble()),
        BsonType.Boolean => FieldValue.Of(value.AsBoolean),
        BsonType.DateTime => FieldValue.OfDate(value.AsBsonDateTime.MillisecondsSinceEpoch),
        BsonType.Array => FieldValue.Of([.. value.AsBsonArray.Where(v => v.IsString).Select(v => v.AsString)]),
        _ => null,
    };
}
