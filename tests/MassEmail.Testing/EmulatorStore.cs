namespace MassEmail.Testing;

/// <summary>The emulator's <c>GET /store</c> answer (camelCase, read with web defaults).</summary>
public sealed record EmulatorStore(IReadOnlyList<StoredEmail> Emails);
