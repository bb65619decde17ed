namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>PutSuppressedDestination</c> request: <paramref name="Reason"/> is <c>BOUNCE</c> or <c>COMPLAINT</c>.</summary>
internal sealed record PutSuppressedDestinationRequest(string EmailAddress, string Reason);
