using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Recipients.Records;

/// <summary>
/// One streaming import (<see cref="RecordService.StartImport"/>). Each batch is checked when it is added
/// and then stored while the caller reads and checks the next one, so the store's work overlaps the rest
/// (on a multi-core machine an import takes about as long as its store writes alone). Batches are stored
/// one at a time and in order, each in one atomic store call, and at most one batch waits for the store,
/// so memory stays flat however long the import. A failed store call surfaces from the next
/// <see cref="AddAsync"/> or from <see cref="CompleteAsync"/>. Not for concurrent use.
/// </summary>
public sealed class RecordImport : IAsyncDisposable
{
    private readonly RecordService service;
    private readonly Caller caller;
    private readonly CustomFieldCache fields;
    private Task<UpsertBatchResult>? storing;

    internal RecordImport(RecordService service, Caller caller, CustomFieldCache fields)
    {
        this.service = service;
        this.caller = caller;
        this.fields = fields;
    }

    /// <summary>Records stored as new so far (final after <see cref="CompleteAsync"/>).</summary>
    public long Inserted { get; private set; }

    /// <summary>Stored records whose content changed so far.</summary>
    public long Updated { get; private set; }

    /// <summary>Stored records whose content was already stored so far.</summary>
    public long Unchanged { get; private set; }

    /// <summary>
    /// Checks <paramref name="rows"/> now and returns the refused ones, numbered from <paramref name="firstRow"/>;
    /// the others are stored once the batches added before have been.
    /// </summary>
    public async Task<IReadOnlyList<RowError>> AddAsync(RecordModule module, IReadOnlyList<RecordInput> rows, long firstRow, CancellationToken ct)
    {
        PreparedBatch batch = await service.PrepareBatchAsync(caller, module, rows, firstRow, fields, ct);
        await WaitForStoreAsync();
        if (batch.Records.Count > 0)
        {
            // The store adapters do their work synchronously inside their async methods: run it beside the caller.
            storing = Task.Run(() => service.StoreBatchAsync(caller, batch, ct), ct);
        }

        return batch.Errors;
    }

    /// <summary>Waits until every added batch is stored; the counts are final after it.</summary>
    public Task CompleteAsync() => WaitForStoreAsync();

    /// <summary>Waits for a batch still being stored when the import ends early; its failure is not the first one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (storing is { } pending)
        {
            storing = null;
            try
            {
                await pending;
            }
            catch (Exception)
            {
                // The import already failed (that is why a batch was left); this call reports that failure.
            }
        }
    }

    private async Task WaitForStoreAsync()
    {
        if (storing is not { } pending)
        {
            return;
        }

        storing = null;
        UpsertBatchResult result = await pending;
        foreach (var (_, outcome) in result.Outcomes)
        {
            _ = outcome.Result switch
            {
                UpsertResult.Inserted => Inserted++,
                UpsertResult.Updated => Updated++,
                _ => Unchanged++,
            };
        }
    }
}
