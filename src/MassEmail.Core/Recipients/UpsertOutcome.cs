namespace MassEmail.Core.Recipients;

/// <summary>What an upsert did to one record.</summary>
public enum UpsertResult
{
    Inserted,
    Updated,

    /// <summary>The stored record already had the same content hash: nothing was written.</summary>
    Unchanged,
}

/// <summary>The result of upserting one record, with the id it has in the store.</summary>
public sealed record UpsertOutcome(UpsertResult Result, string RecordId);
