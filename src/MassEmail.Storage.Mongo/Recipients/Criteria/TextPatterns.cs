using System.Text.RegularExpressions;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// Text conditions on the folded values of <see cref="CriteriaKeys"/>: the operand is folded the same way, so the
/// patterns are case-sensitive. The operand is escaped, so it matches literally and cannot inject a costly pattern.
/// A prefix is anchored and case-sensitive, which MongoDB serves as an index range on <c>v</c>.
/// </summary>
internal static class TextPatterns
{
    public static BsonString Equal(string text) => new(CriteriaKeys.Fold(text));

    public static BsonRegularExpression Prefix(string text) => new("^" + Regex.Escape(CriteriaKeys.Fold(text)));

    public static BsonRegularExpression Substring(string text) => new(Regex.Escape(CriteriaKeys.Fold(text)));
}
