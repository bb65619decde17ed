namespace MassEmail.Ses.Credentials;

/// <summary>
/// AWS credentials could not be resolved, so nothing was signed and nothing sent. The message is the reason in the
/// operator's words (one line, access key ids redacted); the inner exception is what the AWS SDK threw.
/// </summary>
internal sealed class SesCredentialsException(string message, Exception? innerException = null) : Exception(message, innerException);
