namespace MassEmail.Ses.Tests.FakeSes;

/// <summary>What the fake SES saw of one request.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string? Authorization,
    string? AmzDate,
    string? ContentSha256,
    string? ContentType,
    byte[] Body);
