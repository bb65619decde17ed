namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>Destination</c>. One To per message: every recipient gets their own rendering.</summary>
internal sealed record SesDestination(IReadOnlyList<string> ToAddresses);
