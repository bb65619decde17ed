using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Records;

/// <summary>Streams prepared records to ImportRecords in messages of <see cref="BatchSize"/> rows.</summary>
public static class RecordImporter
{
    /// <summary>Well under the service's 5,000 rows per message, so progress moves often and a message stays small.</summary>
    public const int BatchSize = 1000;

    /// <param name="onSent">Rows written so far, after each message.</param>
    public static async Task<ImportRecordsResponse> ImportAsync(
        RecipientsService.RecipientsServiceClient client, RecordModule module, IReadOnlyList<RecordInput> records, Action<int> onSent, CancellationToken cancellation)
    {
        using var call = client.ImportRecords(cancellationToken: cancellation);
        for (var start = 0; start < records.Count; start += BatchSize)
        {
            var batch = new ImportRecordsRequest { Module = module };
            batch.Records.AddRange(records.Skip(start).Take(BatchSize));
            await call.RequestStream.WriteAsync(batch, cancellation);
            onSent(Math.Min(start + BatchSize, records.Count));
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
