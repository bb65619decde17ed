namespace MassEmail.Core.Errors;

/// <summary>
/// No valid credentials. The message never says why (unknown, revoked, inactive user) so that a
/// caller cannot probe which keys exist.
/// </summary>
public sealed class UnauthenticatedException() : DomainException("A valid API key is required.");
