namespace MassEmail.Core.Sending;

/// <summary>Daily usage counters (per organisation for bulk mail, per user for individual mail), by UTC day.</summary>
public interface IQuotaStore
{
    /// <summary>
    /// Atomically adds <paramref name="amount"/> to the counter if the result stays within
    /// <paramref name="limit"/>; concurrent callers can never overspend. Returns whether it was
    /// granted and the counter's value afterwards (unchanged when refused).
    /// </summary>
    Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct);

    /// <summary>Gives back unused quota (never below zero).</summary>
    Task ReleaseAsync(string orgId, string counter, DateOnly day, long amount, CancellationToken ct);

    /// <summary>
    /// Brings what was given back under <paramref name="key"/> (on this counter and day) up to <paramref name="released"/>,
    /// atomically with recording it: gives back <paramref name="released"/> minus what the key gave back before, if that is
    /// positive (never taking the counter below zero), else nothing. So a settlement retried after a crash, or run by two
    /// instances at once, gives back once, and a later settlement of the same key with a larger total gives back only the
    /// difference. Returns what this call gave back. <paramref name="key"/> is a <see cref="IsReleaseKey">release key</see>.
    /// </summary>
    Task<long> ReleaseUpToAsync(string orgId, string counter, DateOnly day, string key, long released, CancellationToken ct);

    Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct);

    /// <summary>
    /// How long after its day ended a counter, and what was given back under each key on it, are kept. A counter decides
    /// only while the sends and emails of its day start and their snapshots are written (usage reports today's); after
    /// that, giving back to one already removed changes nothing that is read. Past it the stores remove them (MongoDB
    /// by a TTL index; SQLite when the organisation's counter is first used on a later day), so neither grows with
    /// every day and every send.
    /// </summary>
    static TimeSpan Retention { get; } = TimeSpan.FromDays(7);

    /// <summary>A release key: 1 to 64 ASCII letters, digits, '-', '_' or ':' (a send id, say); both stores refuse others.</summary>
    static bool IsReleaseKey(string? key) =>
        key is { Length: > 0 and <= 64 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':');
}
