namespace MassEmail.Testing;

public sealed record StoredHeader(string Name, string Value);
