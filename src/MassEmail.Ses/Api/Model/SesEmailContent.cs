namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>EmailContent</c>; only the Simple form, where SES builds the MIME message.</summary>
internal sealed record SesEmailContent(SesSimpleMessage Simple);
