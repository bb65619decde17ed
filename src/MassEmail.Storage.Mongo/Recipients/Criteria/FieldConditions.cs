using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// One <see cref="FieldFilter"/> as a MongoDB query document, with the semantics of
/// <see cref="FilterOperator"/>: text conditions (String and List fields) test the folded pairs of
/// <see cref="CriteriaKeys"/> with <c>$elemMatch</c> on (k, v), which <c>ix_records_criteria_keys</c> serves
/// (equality and in-list as points, starts-with as a range, contains as a pattern checked on the index keys of the
/// field); "empty" is missing, null, "" or [] on the field itself; NotEquals/IsNotEmpty are the <c>$nor</c> of their
/// opposite (so NotEquals matches empty fields); on list fields the conditions test the elements (one pair each).
/// Order comparisons ($gt…) only ever match values of the operand's BSON type family, so they never match empty fields.
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
            FilterOperator.Equals => Equal(path, type, values[0]),
            FilterOperator.NotEquals => Not(Equal(path, type, values[0])),
            FilterOperator.Contains => Text(path, TextPatterns.Substring(TextOf(type, values[0]))),
            FilterOperator.StartsWith => Text(path, TextPatterns.Prefix(TextOf(type, values[0]))),
            FilterOperator.IsEmpty => Empty(path, type),
            FilterOperator.IsNotEmpty => Not(Empty(path, type)),
            FilterOperator.GreaterThan => new(path, new BsonDocument("$gt", Ordered(type, values[0]))),
            FilterOperator.LessThan => new(path, new BsonDocument("$lt", Ordered(type, values[0]))),
            FilterOperator.Between => new(path, new BsonDocument { ["$gte"] = Ordered(type, values[0]), ["$lte"] = Ordered(type, values[1]) }),
            FilterOperator.InList when IsText(type) => Text(path, new BsonDocument("$in", new BsonArray(values.Select(v => TextPatterns.Equal(v.Text))))),
            FilterOperator.InList => new(path, new BsonDocument("$in", new BsonArray(values.Select(v => Native(type, v))))),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown operator."),
        };
    }

    private static bool IsText(FieldType type) => type is FieldType.String or FieldType.List;

    private static BsonDocument Equal(string path, FieldType type, FieldValue value) =>
        IsText(type) ? Text(path, TextPatterns.Equal(value.Text)) : new(path, Native(type, value));

    /// <summary>Some folded value of the field (an element, for a list) satisfies <paramref name="condition"/>.</summary>
    private static BsonDocument Text(string path, BsonValue condition) =>
        new(CriteriaKeys.Field, new BsonDocument("$elemMatch", new BsonDocument { [CriteriaKeys.Key] = path, [CriteriaKeys.Value] = condition }));

    private static BsonValue Native(FieldType type, FieldValue value) => type switch
    {
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

    private static string TextOf(FieldType type, FieldValue value) => IsText(type)
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
