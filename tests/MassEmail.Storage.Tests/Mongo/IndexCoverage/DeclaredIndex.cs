using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>An index as the matcher sees it: the store's declared ones, plus every collection's <c>_id_</c>.</summary>
public sealed record DeclaredIndex(string Collection, string Name, BsonDocument Keys, bool Unique, BsonDocument? PartialFilter);
