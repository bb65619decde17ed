using MassEmail.Core.Errors;

namespace MassEmail.Core.Secrets;

/// <summary>
/// A stored secret could not be decrypted: its ciphertext was changed, was made for another purpose, or with a key the
/// store does not hold. The message names the purpose only, never the ciphertext or any part of the secret. Mapped like
/// a precondition failure: the secret must be entered again.
/// </summary>
public sealed class SecretUnreadableException(string purpose)
    : DomainException($"A stored secret ({purpose}) could not be decrypted: it was changed, or protected with a key this service does not hold. Enter it again.")
{
    public string Purpose { get; } = purpose;
}
