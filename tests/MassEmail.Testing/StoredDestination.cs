namespace MassEmail.Testing;

public sealed record StoredDestination(IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc);
