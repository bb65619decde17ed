using MassEmail.Core.Sending;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.Sending;

/// <summary>The send store methods quota settlement and the provider quota resumer use, with the version check of the real ones.</summary>
internal sealed class MemorySends : IMassSendStore
{
    private readonly Dictionary<string, MassSend> sends = [];

    /// <summary>Runs after a listing is read, before it is returned (a writer that moves a send meanwhile).</summary>
    public Action? OnList { get; set; }

    public MassSend Get(string id) => sends[id];

    public void Put(MassSend send) => sends[send.Id] = send;

    public Task<MassSend?> GetAsync(string orgId, string id, CancellationToken ct) =>
        Task.FromResult(sends.TryGetValue(id, out var s) && s.OrgId == orgId ? s : null);

    public Task<WriteOutcome> ReplaceAsync(MassSend send, long expectedVersion, CancellationToken ct)
    {
        if (!sends.TryGetValue(send.Id, out var stored))
        {
            return Task.FromResult(WriteOutcome.NotFound);
        }

        if (stored.Version != expectedVersion)
        {
            return Task.FromResult(WriteOutcome.VersionMismatch);
        }

        Put(send);
        return Task.FromResult(WriteOutcome.Done);
    }

    public Task<IReadOnlyList<MassSend>> ListUnsettledAsync(int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<MassSend>>([.. sends.Values.Where(s => s.IsFinal && !s.QuotaSettled).OrderBy(s => s.Id, StringComparer.Ordinal).Take(limit)]);

    public Task<MassSend> InsertOrGetAsync(MassSend send, CancellationToken ct) => throw new NotSupportedException();

    public Task<MassSend?> GetByIdempotencyKeyAsync(string orgId, string idempotencyKey, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<MassSend>> ListAsync(string orgId, SendState? state, string? beforeId, int limit, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<MassSend?> ClaimSnapshotAsync(string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<MassSend>> ListSendingAsync(int limit, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<MassSend>> ListPausedAsync(string reasonPrefix, int limit, CancellationToken ct)
    {
        IReadOnlyList<MassSend> found = [.. sends.Values.Where(s => s.State == SendState.Paused && s.PauseReason.StartsWith(reasonPrefix, StringComparison.Ordinal))
            .OrderBy(s => s.Id, StringComparer.Ordinal).Take(limit)];
        OnList?.Invoke();
        return Task.FromResult(found);
    }
}
