namespace MassEmail.Core.OptOut;

/// <summary>One HMAC key of the <see cref="SigningKeyRing"/>.</summary>
/// <param name="Id">Named in every token it signs (e.g. <c>k2</c>), so the verifier knows which key to use.</param>
/// <param name="Secret">The key, base64 (32 random bytes).</param>
/// <param name="RetiredAt">When the operator retired it: from then on links it signed no longer verify.</param>
public sealed record SigningKey(string Id, string Secret, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
