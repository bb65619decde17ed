using System.Buffers;
using System.Buffers.Text;
using System.Text;
using MassEmail.Core.OptOut;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending;

/// <summary>
/// Signed unsubscribe tokens and the RFC 8058 headers carrying them. A token is <c>keyId.payload.mac</c>: the payload
/// names the organisation, record and send, and the list when the send went to one; the key id says which key of the
/// ring signed it, so keys can rotate. Tokens carry no time: links never expire.
/// </summary>
public sealed class UnsubscribeLinks(UnsubscribeKeys keys, IOptions<SendingOptions> options, IOptions<PublicOptions> publicOptions)
{
    /// <summary>The path segment of unsubscribe links below the public base URL.</summary>
    public const string PathSegment = "unsubscribe";

    /// <summary>Longer than any token this service makes (about 90 characters): a longer one is not read at all.</summary>
    public const int MaxTokenLength = 160;

    private const int IdBytes = 12;

    private readonly string linkBase = $"{publicOptions.Value.BaseUrl.TrimEnd('/')}/{PathSegment}/";

    /// <summary>A token for the record's link in one send (to <paramref name="listId"/> when it went to a list).</summary>
    public string Token(string orgId, string recordId, string sendId, string? listId = null)
    {
        Span<byte> ids = stackalloc byte[IdBytes * 4];
        Hex(orgId, ids[..IdBytes]);
        Hex(recordId, ids[IdBytes..(2 * IdBytes)]);
        Hex(sendId, ids[(2 * IdBytes)..(3 * IdBytes)]);
        var length = 3 * IdBytes;
        if (listId is not null)
        {
            Hex(listId, ids[length..]);
            length += IdBytes;
        }

        // keyId.payload, then .mac: built in place, one string in the end (a send makes one a recipient).
        var key = keys.Current.Signer;
        Span<byte> text = stackalloc byte[key.Id.Length + 1 + Base64Url.GetEncodedLength(length) + 1 + TokenKey.MacChars];
        var written = Encoding.ASCII.GetBytes(key.Id, text);
        text[written++] = (byte)'.';
        written += Base64Url.EncodeToUtf8(ids[..length], text[written..]);
        var signed = written;
        text[written++] = (byte)'.';
        written += key.Sign(text[..signed], text[written..]);
        return Encoding.ASCII.GetString(text[..written]);
    }

    /// <summary>The record's link in one send: its token and the URL carrying it (see <see cref="Token"/>).</summary>
    public UnsubscribeLink Link(string orgId, string recordId, string sendId, string? listId = null)
    {
        var token = Token(orgId, recordId, sendId, listId);
        return new UnsubscribeLink(token, Url(token));
    }

    /// <summary>
    /// Reads a token with the keys this process knows; false when it is malformed, signed by an unknown or retired key,
    /// or tampered with.
    /// </summary>
    public bool TryRead(string token, out UnsubscribeTarget target) => TryRead(token, keys.Current, out target, out _);

    /// <summary>
    /// Reads a token; a key this process has not seen yet (another instance rotated) makes it read the ring again
    /// first. Null when the token does not verify.
    /// </summary>
    public async Task<UnsubscribeTarget?> ReadAsync(string token, CancellationToken ct)
    {
        if (TryRead(token, keys.Current, out var target, out var unknownKey))
        {
            return target;
        }

        return unknownKey && await keys.RefreshForUnknownKeyAsync(ct) && TryRead(token, keys.Current, out target, out _) ? target : null;
    }

    /// <summary>List-Unsubscribe (HTTPS link, and mailto when configured) and List-Unsubscribe-Post for one-click.</summary>
    public IReadOnlyList<MessageHeader> Headers(UnsubscribeLink link)
    {
        var value = options.Value.UnsubscribeMailto.Length > 0
            ? $"<{link.Url}>, <mailto:{options.Value.UnsubscribeMailto}?subject=unsubscribe%20{link.Token}>"
            : $"<{link.Url}>";

        return [new("List-Unsubscribe", value), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")];
    }

    /// <summary>The link for a token: the page that asks (GET) and the RFC 8058 one-click target (POST).</summary>
    private string Url(string token) => linkBase + token;

    private static bool TryRead(string token, UnsubscribeKeys.Loaded ring, out UnsubscribeTarget target, out bool unknownKey)
    {
        target = null!;
        unknownKey = false;
        if (token.Length > MaxTokenLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var key = ring.Verifier(parts[0]);
        unknownKey = key is null && parts[0].Length is > 0 and <= 16;
        Span<byte> ids = stackalloc byte[IdBytes * 4];
        if (key is null || !key.Verifies(parts[1], parts[2])
            || Base64Url.DecodeFromChars(parts[1], ids, out _, out var written) != OperationStatus.Done
            || written is not (3 * IdBytes) and not (4 * IdBytes))
        {
            return false;
        }

        var hex = Convert.ToHexStringLower(ids[..written]);
        target = new UnsubscribeTarget(hex[..24], hex[24..48], hex[48..72], written == 4 * IdBytes ? hex[72..] : null);
        return true;
    }

    private static void Hex(string id, Span<byte> destination)
    {
        if (id.Length != destination.Length * 2 || Convert.FromHexString(id, destination, out _, out _) != OperationStatus.Done)
        {
            throw new FormatException($"'{id}' is not a 24-digit hexadecimal id.");
        }
    }
}
