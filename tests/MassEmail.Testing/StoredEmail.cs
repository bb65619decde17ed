namespace MassEmail.Testing;

/// <summary>One mail as the emulator stored it.</summary>
public sealed record StoredEmail(
    string MessageId,
    string From,
    IReadOnlyList<string> ReplyTo,
    StoredDestination Destination,
    string Subject,
    StoredBody Body,
    IReadOnlyList<StoredHeader>? Headers,
    long At);
