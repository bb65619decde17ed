using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// One declared index: its collection, name and keys in the order MongoDB reads them, and the options that shape what
/// it holds (unique, a partial filter, TTL expiry). <see cref="MongoIndexes"/> declares them all; the start-up build and
/// the index-coverage test both read that one list.
/// </summary>
internal sealed record MongoIndex(string Collection, string Name, BsonDocument Keys, bool Unique, BsonDocument? PartialFilter, TimeSpan? ExpireAfter)
{
    /// <summary>Whether <paramref name="built"/> (a listIndexes entry) is this index as declared.</summary>
    public bool Matches(BsonDocument built) =>
        SameKeys(built.GetValue("key", new BsonDocument()).AsBsonDocument)
        && built.GetValue("unique", false).ToBoolean() == Unique
        && Equals(built.GetValue("partialFilterExpression", BsonNull.Value) as BsonDocument, PartialFilter)
        && (built.TryGetValue("expireAfterSeconds", out BsonValue ttl) ? (long?)ttl.ToInt64() : null) == (long?)ExpireAfter?.TotalSeconds;

    // Directions compared as numbers: a server or an older writer may list 1 as a double or a long.
    private bool SameKeys(BsonDocument built) =>
        built.Names.SequenceEqual(Keys.Names)
        && built.Zip(Keys).All(p => p.First.Value.IsNumeric && p.Second.Value.IsNumeric
            ? p.First.Value.ToDouble() == p.Second.Value.ToDouble()
            : p.First.Value.Equals(p.Second.Value));

    /// <summary>The createIndexes model of this index.</summary>
    public CreateIndexModel<BsonDocument> ToModel() => new(
        Keys,
        new CreateIndexOptions<BsonDocument>
        {
            Name = Name,
            Unique = Unique ? true : null,
            PartialFilterExpression = PartialFilter,
            ExpireAfter = ExpireAfter,
        });
}
