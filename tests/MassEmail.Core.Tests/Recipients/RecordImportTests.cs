using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Tests.Recipients;

/// <summary>A streaming import stores each batch while the next is checked, one batch at a time and in order.</summary>
public sealed class RecordImportTests
{
    private static readonly Caller Writer = new(Ids.New(), Ids.New(), Ids.New(), Permission.All);

    private readonly GatedRecordStore store = new();
    private readonly RecordService service;

    public RecordImportTests() => service = new RecordService(store, new NoCustomFields(), TimeProvider.System);

    [Fact]
    public async Task AddAsync_WhileThePreviousBatchIsStored_ChecksTheNextAndWaitsForTheStore()
    {
        await using var import = service.StartImport(Writer);
        store.Hold();
        await import.AddAsync(RecordModule.Candidates, Rows("a-1", "a-2"), 1, CancellationToken.None);
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        Task<IReadOnlyList<RowError>> second = import.AddAsync(RecordModule.Candidates, Rows("b-1", "", "b-3"), 3, CancellationToken.None);
        await Task.Delay(50, CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.Single(store.Calls);
        store.Release();
        var refused = await second;
        await import.CompleteAsync();

        Assert.Equal([(4L, "external_id")], refused.Select(e => (e.Row, e.Field)));
        Assert.Equal([["a-1", "a-2"], ["b-1", "b-3"]], store.Calls);
        Assert.Equal(1, store.MaxConcurrentCalls);
        Assert.Equal((4L, 0L, 0L), (import.Inserted, import.Updated, import.Unchanged));
    }

    [Fact]
    public async Task CompleteAsync_SameRowsTwice_CountsThemUnchanged()
    {
        await using var import = service.StartImport(Writer);
        await import.AddAsync(RecordModule.Candidates, Rows("a-1", "a-2"), 1, CancellationToken.None);
        await import.AddAsync(RecordModule.Candidates, Rows("a-1", "a-2", "a-3"), 3, CancellationToken.None);
        await import.CompleteAsync();

        Assert.Equal((3L, 0L, 2L), (import.Inserted, import.Updated, import.Unchanged));
    }

    [Fact]
    public async Task AddAsync_AfterAFailedStore_Throws()
    {
        await using var import = service.StartImport(Writer);
        store.FailNext = true;
        await import.AddAsync(RecordModule.Candidates, Rows("a-1"), 1, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => import.AddAsync(RecordModule.Candidates, Rows("b-1"), 2, CancellationToken.None));
    }

    [Fact]
    public async Task DisposeAsync_WithABatchBeingStored_WaitsForIt()
    {
        var import = service.StartImport(Writer);
        store.Hold();
        await import.AddAsync(RecordModule.Candidates, Rows("a-1"), 1, CancellationToken.None);
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        ValueTask disposing = import.DisposeAsync();
        await Task.Delay(50, CancellationToken.None);
        Assert.False(disposing.IsCompleted);
        store.Release();
        await disposing;

        Assert.Equal(0, store.Running);
    }

    [Fact]
    public void StartImport_WithoutWritePermission_IsRefused()
    {
        var reader = Writer with { Permissions = Permission.RecipientsRead };

        Assert.Throws<PermissionDeniedException>(() => service.StartImport(reader));
    }

    private static List<RecordInput> Rows(params string[] externalIds) =>
        [.. externalIds.Select(id => new RecordInput(id, "", "Ada", "Test", $"{id}@example.com", "", "", "", false, new Dictionary<string, FieldValue>()))];

    /// <summary>Keeps external ids and hashes in memory; can hold a call until released, or fail one.</summary>
    private sealed class GatedRecordStore : UpsertOnlyRecordStore
    {
        private readonly Dictionary<string, string> hashes = [];
        private TaskCompletionSource gate = CompletedGate();
        private TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int running;

        public List<List<string>> Calls { get; } = [];

        public int MaxConcurrentCalls { get; private set; }

        public int Running => Volatile.Read(ref running);

        public bool FailNext { get; set; }

        public Task Entered => entered.Task;

        public void Hold()
        {
            gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => gate.TrySetResult();

        public override async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(string orgId, RecordModule module, IReadOnlyList<RecipientRecord> records, CancellationToken ct)
        {
            MaxConcurrentCalls = Math.Max(MaxConcurrentCalls, Interlocked.Increment(ref running));
            try
            {
                lock (Calls)
                {
                    Calls.Add([.. records.Select(r => r.ExternalId)]);
                }

                entered.TrySetResult();
                await gate.Task;
                if (FailNext)
                {
                    FailNext = false;
                    throw new IOException("disk full");
                }

                return [.. records.Select(r => Upsert(r))];
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        private static TaskCompletionSource CompletedGate()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }

        private UpsertOutcome Upsert(RecipientRecord r)
        {
            var known = hashes.TryGetValue(r.ExternalId, out var hash);
            hashes[r.ExternalId] = r.ContentHash;
            return new UpsertOutcome(!known ? UpsertResult.Inserted : hash == r.ContentHash ? UpsertResult.Unchanged : UpsertResult.Updated, r.Id);
        }
    }

    private sealed class NoCustomFields : ICustomFieldStore
    {
        public Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(string orgId, RecordModule module, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<CustomFieldDefinition>>([]);

        public Task DefineAsync(CustomFieldDefinition definition, CancellationToken ct) => Task.CompletedTask;
    }
}
