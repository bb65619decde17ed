namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>SendEmail</c> response.</summary>
internal sealed record SendEmailResponse(string? MessageId);
