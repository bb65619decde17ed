namespace MassEmail.Core.Sending;

/// <summary>Persistence of mass sends.</summary>
public interface IMassSendStore
{
    /// <summary>
    /// Stores the send unless the organisation already has one with the same idempotency key;
    /// returns the stored one either way (the caller compares ids to know which).
    /// </summary>
    Task<MassSend> InsertOrGetAsync(MassSend send, CancellationToken ct);

    Task<MassSend?> GetAsync(string orgId, string id, CancellationToken ct);

    Task<MassSend?> GetByIdempotencyKeyAsync(string orgId, string idempotencyKey, CancellationToken ct);

    /// <summary>The organisation's sends, newest first, optionally of one state, after <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<MassSend>> ListAsync(string orgId, SendState? state, string? beforeId, int limit, CancellationToken ct);

    /// <summary>Stores <paramref name="send"/> (whose version is the next one) if the stored version is <paramref name="expectedVersion"/>.</summary>
    Task<Templates.WriteOutcome> ReplaceAsync(MassSend send, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// Any organisation's queued or sending send whose snapshot is incomplete and not leased (or whose
    /// lease expired: its worker stopped), now leased to <paramref name="worker"/> until <paramref name="leaseUntil"/>; null when there is none.
    /// </summary>
    Task<MassSend?> ClaimSnapshotAsync(string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Sends of any organisation in the Sending state (work for dispatchers), oldest first.</summary>
    Task<IReadOnlyList<MassSend>> ListSendingAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Paused sends of any organisation whose pause reason starts with <paramref name="reasonPrefix"/> (ordinal), oldest
    /// first: the sends the engine resumes by itself (<see cref="ProviderQuotaResumer"/>).
    /// </summary>
    Task<IReadOnlyList<MassSend>> ListPausedAsync(string reasonPrefix, int limit, CancellationToken ct);

    /// <summary>
    /// Completed and cancelled sends of any organisation whose quota is not settled (<see cref="MassSend.QuotaSettled"/>
    /// false), oldest first: the work of the settlement pass (<see cref="QuotaSettlement"/>).
    /// </summary>
    Task<IReadOnlyList<MassSend>> ListUnsettledAsync(int limit, CancellationToken ct);
}
