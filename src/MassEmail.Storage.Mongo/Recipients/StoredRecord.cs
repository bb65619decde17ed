namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>What an upsert needs to know about a stored record.</summary>
internal sealed record StoredRecord(string Id, string ContentHash);
