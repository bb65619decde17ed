using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// One <see cref="FieldFilter"/> as a MongoDB query document, with the semantics of
/// <see cref="FilterOperator"/>: strings compare case-insensitively (regular expressions), "empty" is
/// missing, null, "" or [], NotEquals/IsNotEmpty are the <c>$nor</c> of their opposite (so NotEquals
/// matches empty fields), and on list fields the conditions test the elements (MongoDB matches an
/// array when any element does). Order comparisons ($gt…) only ever match values of the operand's
/// BSON type family, so they never match empty fields.
/// </summary>
internal static class FieldConditions
{
    public static BsonDocument For(FieldFilter filter)
    {
        var path = RecordPaths.Of(filter.Field);
        FieldType type = filter.Field.Type;
        IReadOnlyList<FieldValue> values = filter.Values;
        return filter.Operator switch
        {
            FilterOperator.Equals => new(path, Operand(type, values[0])),
            FilterOperator.NotEquals => Not(new(path, Operand(type, values[0]))),
            FilterOperator.Contains => new(path, TextPatterns.Substring(Text(type, values[0]))),
            FilterOperator.StartsWith => new(path, TextPatterns.Prefix(Text(type, values[0]))),
            FilterOperator.IsEmpty => Empty(path, type),
            FilterOperator.IsNotEmpty => Not(Empty(path, type)),
            FilterOperator.GreaterThan => new(path, new BsonDocument("$gt", Ordered(type, values[0]))),
            FilterOperator.LessThan => new(path, new BsonDocument("$lt", Ordered(type, values[0]))),
            FilterOperator.Between => new(path, new BsonDocument { ["$gte"] = Ordered(type, values[0]), ["$lte"] = Ordered(type, values[1]) }),
            FilterOperator.InList => new(path, new BsonDocument("$in", new BsonArray(values.Select(v => Operand(type, v))))),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown operator."),
        };
    }

    /// <summary>What an equality test compares with: a pattern for text, the native value otherwise.</summary>
    private static BsonValue Operand(FieldType type, FieldValue value) => type switch
    {
        FieldType.String or FieldType.List => TextPatterns.Equal(value.Text),
        FieldType.Number => new BsonDouble(value.Number),
        FieldType.Bool => BsonBoolean.Create(value.Bool),
        FieldType.Date => new BsonDateTime(value.UnixMilliseconds),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown field type."),
    };

    private static BsonValue Ordered(FieldType type, FieldValue value) => type switch
    {
        FieldType.Number => new BsonDouble(value.Number),
        FieldType.Date => new BsonDateTime(value.UnixMilliseconds),
        _ => throw new NotSupportedException($"Order comparisons apply to Number and Date fields, not {type}."),
    };

    private static string Text(FieldType type, FieldValue value) => type is FieldType.String or FieldType.List
        ? value.Text
        : throw new NotSupportedException($"Text matching applies to String and List fields, not {type}.");

    // A null test also matches a missing element.
    private static BsonDocument Empty(string path, FieldType type) => type switch
    {
        FieldType.String => new("$or", new BsonArray { new BsonDocument(path, BsonNull.Value), new BsonDocument(path, "") }),
        FieldType.List => new("$or", new BsonArray { new BsonDocument(path, BsonNull.Value), new BsonDocument(path, new BsonDocument("$size", 0)) }),
        _ => new(path, BsonNull.Value),
    };

    private static BsonDocument Not(BsonDocument condition) => new("$nor", new BsonArray { condition });
}
