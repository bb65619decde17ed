namespace MassEmail.Core.Errors;

/// <summary>
/// Base of every error Core reports to callers. The message is safe to show to the caller;
/// the host maps each subtype to one status code in one place.
/// </summary>
public abstract class DomainException(string message) : Exception(message);
