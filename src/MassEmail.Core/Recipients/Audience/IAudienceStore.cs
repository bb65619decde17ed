namespace MassEmail.Core.Recipients.Audience;

/// <summary>
/// Evaluates audiences inside the store. Skip reasons follow <see cref="SkipReason"/>'s order;
/// duplicates are decided among records not skipped for another reason, keeping the smallest id.
/// </summary>
public interface IAudienceStore
{
    Task<AudienceCounts> CountAsync(AudienceQuery query, CancellationToken ct);

    /// <summary>
    /// The records no reason but duplication skips, i.e. <see cref="AudienceCounts.Eligible"/> + <see cref="AudienceCounts.Duplicate"/>:
    /// one pass without finding duplicates (which needs every address of the audience sorted or hashed),
    /// for a quick upper bound of the eligible count.
    /// </summary>
    Task<long> CountBeforeDuplicatesAsync(AudienceQuery query, CancellationToken ct);

    /// <summary>The first <paramref name="limit"/> records of the audience in id order, each with its skip reason.</summary>
    Task<IReadOnlyList<AudienceMember>> SampleAsync(AudienceQuery query, int limit, CancellationToken ct);

    /// <summary>Every record of the audience in id order, streamed with flat memory (for send snapshots).</summary>
    IAsyncEnumerable<AudienceMember> StreamAsync(AudienceQuery query, CancellationToken ct);
}
