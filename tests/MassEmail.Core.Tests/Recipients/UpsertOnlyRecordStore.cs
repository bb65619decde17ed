using MassEmail.Core.Recipients;

namespace MassEmail.Core.Tests.Recipients;

/// <summary>A record store for tests of the import path: only upserts are expected; any other call fails the test.</summary>
internal abstract class UpsertOnlyRecordStore : IRecordStore
{
    public abstract Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(string orgId, RecordModule module, IReadOnlyList<RecipientRecord> records, CancellationToken ct);

    public Task<RecipientRecord?> GetAsync(string orgId, string id, CancellationToken ct) => throw new NotSupportedException();

    public Task<RecipientRecord?> GetByExternalIdAsync(string orgId, RecordModule module, string externalId, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string orgId, string id, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<RecordDeletion>> DeletedSinceAsync(
        string orgId, RecordModule module, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<RecipientRecord>> SearchAsync(RecordSearch search, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> SetEmailOptOutAsync(string orgId, string id, bool optOut, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> FindExistingAsync(string orgId, RecordModule module, IReadOnlyList<string> ids, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<RecipientRecord>> GetManyAsync(string orgId, IReadOnlyList<string> ids, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<RecipientRecord>> FindByEmailKeyAsync(string orgId, RecordModule module, string emailKey, int limit, CancellationToken ct) =>
        throw new NotSupportedException();
}
