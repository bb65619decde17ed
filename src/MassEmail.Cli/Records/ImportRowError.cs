namespace MassEmail.Cli.Records;

/// <summary>A refused row as the error report lists it: the CSV line, the row's external id, the field and why.</summary>
public sealed record ImportRowError(int? Line, string ExternalId, string Field, string Reason);
