namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>Body</c>: at least one of the parts is required.</summary>
internal sealed record SesBody(SesContent? Text, SesContent? Html);
