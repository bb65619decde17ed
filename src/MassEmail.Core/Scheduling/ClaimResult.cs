namespace MassEmail.Core.Scheduling;

/// <summary>The answer to a claim of an occurrence.</summary>
public enum ClaimResult
{
    /// <summary>This instance holds it now: it starts the send and records the outcome.</summary>
    Won,

    /// <summary>It already has its outcome (fired, missed or skipped).</summary>
    Done,

    /// <summary>Another instance holds it and its lease has not ended.</summary>
    Busy,
}
