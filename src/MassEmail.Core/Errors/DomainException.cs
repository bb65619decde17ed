namespace MassEmail.Core.Errors;

/// <summary>
/// Base of every error Core reports to callers. The message is safe to show to the caller;
/// the host maps each subtype to one status code in one place. It is bounded here, whoever built it,
/// because it travels back in the reply's trailers.
/// </summary>
public abstract class DomainException(string message) : Exception(InputText.Quote(message, MaxMessageLength))
{
    /// <summary>Longest message kept (a caller sees at most this many characters, plus a note of the length).</summary>
    public const int MaxMessageLength = 900;
}
