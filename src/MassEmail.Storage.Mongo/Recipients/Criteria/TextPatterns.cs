using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// Case-insensitive string matching as regular expressions with option <c>i</c>. The operand is
/// escaped, so it matches literally and cannot inject a costly pattern.
/// </summary>
internal static class TextPatterns
{
    // '$' would also match before a final newline on MongoDB (PCRE); "no character follows" means
    // the very end in PCRE and JavaScript (CongoDB) alike.
    private const string End = @"(?![\s\S])";

    public static BsonRegularExpression Equal(string text) => new("^" + Regex.Escape(text) + End, "i");

    public static BsonRegularExpression Prefix(string text) => new("^" + Regex.Escape(text), "i");

    public static BsonRegularExpression Substring(string text) => new(Regex.Escape(text), "i");
}
