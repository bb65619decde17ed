using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MassEmail.Core.OptOut;

/// <summary>
/// One key of the ring ready to sign: the first 16 bytes of HMAC-SHA256 over <c>keyId.payload</c>, base64url. One HMAC
/// state per thread, reset after each use: creating one per token cost more than the hashing itself.
/// </summary>
internal sealed class TokenKey
{
    private readonly ThreadLocal<IncrementalHash> hmacs;

    public TokenKey(SigningKey key)
    {
        Id = key.Id;
        var secret = Convert.FromBase64String(key.Secret);
        hmacs = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret));
    }

    public string Id { get; }

    /// <summary>Characters of a signature: 16 bytes in base64url, unpadded.</summary>
    public const int MacChars = 22;

    public string Sign(string payload)
    {
        var length = Id.Length + 1 + payload.Length;
        Span<byte> text = length <= 256 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.ASCII.GetBytes(Id, text);
        text[written++] = (byte)'.';
        written += Encoding.ASCII.GetBytes(payload, text[written..]);
        Span<byte> mac = stackalloc byte[MacChars];
        return Encoding.ASCII.GetString(mac[..Sign(text[..written], mac)]);
    }

    /// <summary>
    /// Writes the signature of <paramref name="signed"/> (<c>keyId.payload</c> in ASCII) as base64url ASCII into
    /// <paramref name="destination"/> (at least <see cref="MacChars"/> bytes); returns the bytes written.
    /// </summary>
    public int Sign(ReadOnlySpan<byte> signed, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        var hmac = hmacs.Value!;
        hmac.AppendData(signed);
        hmac.GetHashAndReset(mac);
        return Base64Url.EncodeToUtf8(mac[..16], destination);
    }

    /// <summary>True when <paramref name="mac"/> is this key's signature of <paramref name="payload"/> (constant time).</summary>
    public bool Verifies(string payload, string mac) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(mac));
}
