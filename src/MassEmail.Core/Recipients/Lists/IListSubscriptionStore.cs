namespace MassEmail.Core.Recipients.Lists;

/// <summary>Persistence of records' subscription states on lists.</summary>
public interface IListSubscriptionStore
{
    /// <summary>
    /// Subscribes the records that have no state on the list yet; records that unsubscribed stay
    /// unsubscribed. Returns how many were newly subscribed. The ids are existing records of the list's module.
    /// </summary>
    Task<int> AddAsync(string orgId, string listId, IReadOnlyList<string> recordIds, string source, DateTimeOffset at, CancellationToken ct);

    /// <summary>Removes subscribed records from the list (unsubscriptions are kept). Returns how many were removed.</summary>
    Task<int> RemoveAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct);

    /// <summary>Sets the record's state on the list, creating the row if needed.</summary>
    Task SetAsync(ListSubscription subscription, CancellationToken ct);

    Task<ListSubscription?> GetAsync(string orgId, string listId, string recordId, CancellationToken ct);

    /// <summary>Every state the record has, on any list, ordered by list id.</summary>
    Task<IReadOnlyList<ListSubscription>> ListForRecordAsync(string orgId, string recordId, CancellationToken ct);

    /// <summary>The states the list has for any of <paramref name="recordIds"/> (records without a state are left out).</summary>
    Task<IReadOnlyList<ListSubscription>> GetManyAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct);

    /// <summary>
    /// At most <paramref name="limit"/> subscribed records of the list whose subscription time is after
    /// <paramref name="since"/>, or at it with a record id after <paramref name="afterRecordId"/>; by time, then record id.
    /// </summary>
    Task<IReadOnlyList<ListSubscription>> SubscribedSinceAsync(
        string orgId, string listId, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct);
}
