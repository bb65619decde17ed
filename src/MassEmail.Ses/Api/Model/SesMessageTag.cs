namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>MessageTag</c>, echoed in SES events: ASCII letters, digits, '_' and '-', at most 256 characters each.</summary>
internal sealed record SesMessageTag(string Name, string Value);
