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
    long At)
{
    /// <summary>The value of the one header named <paramref name="name"/> (case-insensitive); fails when it is absent or repeated.</summary>
    public string Header(string name) =>
        Assert.Single(Headers ?? [], h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
