namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>MessageHeader</c>: printable ASCII; name up to 126 characters without ':', value up to 870.</summary>
internal sealed record SesMessageHeader(string Name, string Value);
