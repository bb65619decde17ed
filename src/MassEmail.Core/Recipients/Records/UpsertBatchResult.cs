namespace MassEmail.Core.Recipients.Records;

/// <summary>The outcome of one batch: per accepted row its store outcome, and the refused rows.</summary>
/// <param name="Outcomes">Row number (1-based, import-wide) → outcome, for accepted rows.</param>
public sealed record UpsertBatchResult(IReadOnlyList<(long Row, UpsertOutcome Outcome)> Outcomes, IReadOnlyList<RowError> Errors);
