namespace MassEmail.Ses;

/// <summary>
/// An SES call other than a send failed (e.g. reading the account's quota). Sends never throw it:
/// their outcomes are classified into a <c>SendStatus</c>. The message is safe to log and show.
/// </summary>
public sealed class SesApiException : Exception
{
    public SesApiException(string message, int? httpStatus = null, string? errorType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        HttpStatus = httpStatus;
        ErrorType = errorType;
    }

    /// <summary>The HTTP status SES answered with, or null when no answer came.</summary>
    public int? HttpStatus { get; }

    /// <summary>The AWS error code, e.g. <c>AccessDeniedException</c>, when SES named one.</summary>
    public string? ErrorType { get; }
}
