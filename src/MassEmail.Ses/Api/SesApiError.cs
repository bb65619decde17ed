namespace MassEmail.Ses.Api;

/// <summary>An error answer from SES.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="ErrorType">The bare AWS error code (e.g. <c>MessageRejected</c>), when SES named one.</param>
/// <param name="Message">SES's human-readable message, when there was one. Not safe to show as is.</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c> of the answer: what AWS support asks for. Not validated.</param>
internal sealed record SesApiError(int HttpStatus, string? ErrorType, string? Message, string? RequestId = null);
