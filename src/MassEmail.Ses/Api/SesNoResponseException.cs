namespace MassEmail.Ses.Api;

/// <summary>
/// No usable answer came back: a timeout, a refused or broken connection, or a body that could not be
/// read. <see cref="RequestMayHaveReachedSes"/> tells the two cases the send pipeline must keep apart:
/// nothing left this process (safe to retry) or SES may have the message (must not be re-sent blindly).
/// The message is fixed text: it never carries request data or credentials.
/// </summary>
internal sealed class SesNoResponseException(string message, bool requestMayHaveReachedSes, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool RequestMayHaveReachedSes { get; } = requestMayHaveReachedSes;
}
