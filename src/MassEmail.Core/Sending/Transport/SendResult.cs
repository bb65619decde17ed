namespace MassEmail.Core.Sending.Transport;

/// <summary>The outcome of one attempt: a status, the provider's message id when sent, and a safe error text otherwise.</summary>
public sealed record SendResult(SendStatus Status, string? MessageId, string? Error)
{
    public static SendResult Sent(string messageId) => new(SendStatus.Sent, messageId, null);
}
