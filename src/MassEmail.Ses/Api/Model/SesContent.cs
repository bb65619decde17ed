namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>Content</c>: text plus its charset; SES does the MIME encoding (e.g. of a non-ASCII subject).</summary>
internal sealed record SesContent(string Data, string Charset = "UTF-8");
