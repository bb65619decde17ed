using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MassEmail.Core.OptOut;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending;

/// <summary>
/// Signed unsubscribe tokens and the RFC 8058 headers carrying them. A token names the
/// organisation, record and send, and the key id that signed it (so keys can rotate).
/// </summary>
public sealed class UnsubscribeLinks
{
    private readonly SendingOptions options;
    private readonly string linkBase;
    private readonly ThreadLocal<IncrementalHash> hmacs;

    public UnsubscribeLinks(IOptions<SendingOptions> options, IOptions<PublicOptions> publicOptions)
    {
        this.options = options.Value;
        linkBase = $"{publicOptions.Value.BaseUrl.TrimEnd('/')}/{PathSegment}/";
        var key = string.IsNullOrEmpty(this.options.UnsubscribeKey)
            ? RandomNumberGenerator.GetBytes(32)
            : Convert.FromBase64String(this.options.UnsubscribeKey);
        hmacs = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
    }

    /// <summary>A token for the record's link in one send.</summary>
    public string Token(string orgId, string recordId, string sendId)
    {
        Span<byte> ids = stackalloc byte[36];
        Hex(orgId, ids[..12]);
        Hex(recordId, ids[12..24]);
        Hex(sendId, ids[24..]);
        var payload = Base64Url.EncodeToString(ids);
        return string.Concat(options.UnsubscribeKeyId, ".", payload, ".", Sign(options.UnsubscribeKeyId, payload));
    }

    /// <summary>Reads a token; false when it is malformed, signed by an unknown key or tampered with.</summary>
    public bool TryRead(string token, out (string OrgId, string RecordId, string SendId) target)
    {
        target = default;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != options.UnsubscribeKeyId
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0], parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }

        var hex = Convert.ToHexStringLower(Base64Url.DecodeFromChars(parts[1]));
        if (hex.Length != 72)
        {
            return false;
        }

        target = (hex[..24], hex[24..48], hex[48..]);
        return true;
    }

    /// <summary>The path segment of unsubscribe links below the public base URL.</summary>
    public const string PathSegment = "unsubscribe";

    /// <summary>The link for a token: the page that asks (GET) and the RFC 8058 one-click target (POST).</summary>
    public string Url(string token) => linkBase + token;

    /// <summary>List-Unsubscribe (HTTPS link, and mailto when configured) and List-Unsubscribe-Post for one-click.</summary>
    public IReadOnlyList<MessageHeader> Headers(string token)
    {
        var value = $"<{Url(token)}>";
        if (options.UnsubscribeMailto.Length > 0)
        {
            value += $", <mailto:{options.UnsubscribeMailto}?subject=unsubscribe%20{token}>";
        }

        return [new("List-Unsubscribe", value), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")];
    }

    private static void Hex(string id, Span<byte> destination)
    {
        if (id.Length != destination.Length * 2 || Convert.FromHexString(id, destination, out _, out _) != OperationStatus.Done)
        {
            throw new FormatException($"'{id}' is not a 24-digit hexadecimal id.");
        }
    }

    // The first 16 bytes of HMAC-SHA256 over "keyId.payload". One HMAC state per thread, reset after
    // each use: creating one per token cost more than the hashing itself.
    private string Sign(string keyId, string payload)
    {
        var length = keyId.Length + 1 + payload.Length;
        Span<byte> text = length <= 256 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.ASCII.GetBytes(keyId, text);
        text[written++] = (byte)'.';
        written += Encoding.ASCII.GetBytes(payload, text[written..]);
        Span<byte> mac = stackalloc byte[32];
        var hmac = hmacs.Value!;
        hmac.AppendData(text[..written]);
        hmac.GetHashAndReset(mac);
        return Base64Url.EncodeToString(mac[..16]);
    }
}
