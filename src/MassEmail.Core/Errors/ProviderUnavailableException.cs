namespace MassEmail.Core.Errors;

/// <summary>
/// The email provider did not do what the call needs now (an outage, an error it answered); retrying the same call is
/// safe and may succeed. Mapped to UNAVAILABLE.
/// </summary>
public sealed class ProviderUnavailableException(string operation, string message) : DomainException(message)
{
    /// <summary>The provider's operation that failed, e.g. <c>PutSuppressedDestination</c>.</summary>
    public string Operation { get; } = operation;
}
