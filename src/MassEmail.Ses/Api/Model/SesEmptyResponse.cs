namespace MassEmail.Ses.Api.Model;

/// <summary>The answer of an SES v2 operation that answers success with no content (e.g. <c>PutSuppressedDestination</c>).</summary>
internal sealed record SesEmptyResponse;
