namespace MassEmail.Core.Suppressions;

/// <summary>Persistence of organisations' suppression lists, one entry per (organisation, email key).</summary>
public interface ISuppressionStore
{
    /// <summary>
    /// Adds the entry unless the address is already suppressed, in which case the stored entry is kept as it is (the
    /// first reason wins). Returns the entry now stored and whether this call added it. Of concurrent adds of one
    /// address exactly one adds.
    /// </summary>
    Task<(Suppression Stored, bool Added)> AddAsync(Suppression suppression, CancellationToken ct);

    /// <summary>Removes the address's entry; false when there was none.</summary>
    Task<bool> RemoveAsync(string orgId, string emailKey, CancellationToken ct);

    Task<Suppression?> GetAsync(string orgId, string emailKey, CancellationToken ct);

    /// <summary>Which of <paramref name="emailKeys"/> are suppressed in the organisation (one query, for a batch of recipients).</summary>
    Task<IReadOnlySet<string>> FindSuppressedAsync(string orgId, IReadOnlyCollection<string> emailKeys, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> entries ordered by email key, after <paramref name="afterKey"/> when given.</summary>
    Task<IReadOnlyList<Suppression>> ListAsync(string orgId, string? afterKey, int limit, CancellationToken ct);
}
