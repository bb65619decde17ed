namespace MassEmail.Core.Syncs;

/// <summary>A claimed opt-out poll: the cursor stored by the last page applied, null before the first.</summary>
public sealed record OptOutPollClaim(string? Cursor);
