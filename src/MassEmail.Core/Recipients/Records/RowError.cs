namespace MassEmail.Core.Recipients.Records;

/// <summary>Why one row of an upsert or import was refused. <paramref name="Row"/> is 1-based within the whole import.</summary>
public sealed record RowError(long Row, string Field, string Reason);
