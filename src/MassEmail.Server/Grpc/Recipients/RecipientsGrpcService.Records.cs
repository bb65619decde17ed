using Grpc.Core;
using MassEmail.Contracts.V1;
using RecordLimits = MassEmail.Core.Recipients.Records.RecordLimits;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Records: upsert, read, search, delete, opt-out, import.</summary>
public sealed partial class RecipientsGrpcService
{
    private const int MaxReportedErrors = 1000;

    public override async Task<UpsertRecordResponse> UpsertRecord(UpsertRecordRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Record);
        var module = FieldValueMapping.ToCore(request.Module, check);
        var (input, problems) = request.Record?.ToCore() ?? default;
        problems?.ForEach(p => check.Violation("record." + p.Field, p.Reason));
        check.ThrowIfInvalid();
        var (outcome, record) = await records.UpsertAsync(context.GetCaller(), module, input, context.CancellationToken);
        return new UpsertRecordResponse { Record = record.ToMessage(), Result = outcome.Result.ToMessage() };
    }

    public override async Task<GetRecordResponse> GetRecord(GetRecordRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var record = await records.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetRecordResponse { Record = record.ToMessage() };
    }

    public override async Task<DeleteRecordResponse> DeleteRecord(DeleteRecordRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await records.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteRecordResponse();
    }

    public override async Task<SearchRecordsResponse> SearchRecords(SearchRecordsRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var module = FieldValueMapping.ToCore(request.Module, check);
        var criteria = request.Criteria?.ToCore("criteria", check);
        check.ThrowIfInvalid();
        var (page, next) = await records.SearchAsync(context.GetCaller(), module, criteria, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new SearchRecordsResponse { NextPageToken = next };
        response.Records.AddRange(page.Select(r => r.ToMessage()));
        return response;
    }

    public override async Task<SetEmailOptOutResponse> SetEmailOptOut(SetEmailOptOutRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var record = await consent.SetEmailOptOutAsync(context.GetCaller(), request.Id, request.EmailOptOut, context.CancellationToken);
        return new SetEmailOptOutResponse { Record = record.ToMessage() };
    }

    public override async Task<ListCustomFieldsResponse> ListCustomFields(ListCustomFieldsRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var module = FieldValueMapping.ToCore(request.Module, check);
        check.ThrowIfInvalid();
        var fields = await records.ListCustomFieldsAsync(context.GetCaller(), module, context.CancellationToken);
        var response = new ListCustomFieldsResponse();
        response.Fields.AddRange(fields.Select(f => new CustomField { Name = f.Name, Type = f.Type.ToMessage() }));
        return response;
    }

    /// <summary>
    /// Each message is validated and upserted on its own (stored while the next one is read), so memory
    /// stays flat whatever the stream's length. Bad rows, and every row of a message that cannot be taken
    /// as a whole (over the row limit, no module), are counted and reported, never fatal: a call that
    /// returns has totals that say exactly what was stored.
    /// </summary>
    public override async Task<ImportRecordsResponse> ImportRecords(IAsyncStreamReader<ImportRecordsRequest> requestStream, ServerCallContext context)
    {
        await using var import = records.StartImport(context.GetCaller());
        var response = new ImportRecordsResponse();
        long nextRow = 1;
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var first = nextRow;
            nextRow += batch.Records.Count;
            response.Received += batch.Records.Count;
            if (batch.Records.Count > RecordLimits.MaxBatchRows)
            {
                Report(response, EveryRow(first, batch, "records",
                    $"the message has {batch.Records.Count} rows, at most {RecordLimits.MaxBatchRows} are allowed per message: none of its rows were stored"));
                continue;
            }

            var check = new RequestCheck();
            var module = FieldValueMapping.ToCore(batch.Module, check);
            if (batch.Module is not (RecordModule.Candidates or RecordModule.Contacts or RecordModule.Clients))
            {
                Report(response, EveryRow(first, batch, "module", "must be CANDIDATES, CONTACTS or CLIENTS"));
                continue;
            }

            var readable = new List<MassEmail.Core.Recipients.Records.RecordInput>(batch.Records.Count);
            var readableRows = new List<long>(batch.Records.Count);
            var unreadable = new List<RowError>();
            for (var i = 0; i < batch.Records.Count; i++)
            {
                var (input, problems) = batch.Records[i].ToCore();
                if (problems is null)
                {
                    readable.Add(input);
                    readableRows.Add(first + i);
                }
                else
                {
                    unreadable.AddRange(problems.Select(p => new RowError { Row = first + i, Field = p.Field, Reason = p.Reason }));
                }
            }

            Report(response, unreadable);
            if (readable.Count == 0)
            {
                continue;
            }

            var refused = await import.AddAsync(module, readable, 1, context.CancellationToken);
            // Core numbered the readable rows 1..n; map back to the stream's row numbers.
            Report(response, refused.Select(e => new RowError { Row = readableRows[(int)e.Row - 1], Field = e.Field, Reason = e.Reason }));
        }

        await import.CompleteAsync();
        response.Inserted = import.Inserted;
        response.Updated = import.Updated;
        response.Unchanged = import.Unchanged;
        return response;
    }

    private static IEnumerable<RowError> EveryRow(long first, ImportRecordsRequest batch, string field, string reason) =>
        Enumerable.Range(0, batch.Records.Count).Select(i => new RowError { Row = first + i, Field = field, Reason = reason });

    private static void Report(ImportRecordsResponse response, IEnumerable<RowError> errors)
    {
        foreach (var rowErrors in errors.GroupBy(e => e.Row))
        {
            response.Failed++;
            response.Errors.AddRange(rowErrors.Take(Math.Max(0, MaxReportedErrors - response.Errors.Count)));
        }
    }
}
