namespace MassEmail.Core.Errors;

/// <summary>A problem with one request field. <paramref name="Field"/> is a snake_case path such as <c>from.address</c>.</summary>
public sealed record FieldViolation(string Field, string Description);
