namespace MassEmail.Core.Recipients.Records;

/// <summary>A checked batch: the records to store (with their import-wide row numbers) and the refused rows.</summary>
internal sealed record PreparedBatch(RecordModule Module, List<long> Rows, List<RecipientRecord> Records, List<RowError> Errors);
