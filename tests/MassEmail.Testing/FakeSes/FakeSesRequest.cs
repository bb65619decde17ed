namespace MassEmail.Testing;

/// <summary>One request as <see cref="FakeSes"/> received it.</summary>
/// <param name="Timestamp">When it arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="Operation"><c>SendEmail</c>, <c>GetAccount</c>, <c>PutSuppressedDestination</c>, <c>AssumeRoleWithWebIdentity</c> or <c>ContainerCredentials</c>.</param>
/// <param name="To">SendEmail's Destination.ToAddresses[0]; null for other operations.</param>
/// <param name="Attempt">SendEmail: 1 for the first request to this recipient, 2 for the second, and so on; 0 otherwise.</param>
/// <param name="Reply">What the fake answered.</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c> the answer carried.</param>
/// <param name="Authorization">The SigV4 <c>Authorization</c> header, if any.</param>
/// <param name="SecurityToken">The <c>x-amz-security-token</c> header (temporary credentials), if any.</param>
public sealed record FakeSesRequest(
    long Timestamp,
    string Operation,
    string Method,
    string Path,
    string? To,
    int Attempt,
    FakeSesReply Reply,
    string RequestId,
    string? Authorization,
    string? AmzDate,
    string? ContentSha256,
    string? SecurityToken,
    string? ContentType,
    byte[] Body);
