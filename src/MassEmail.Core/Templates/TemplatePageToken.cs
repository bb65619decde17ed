using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Templates;

/// <summary>
/// The opaque continuation token of a template listing: the last position plus a fingerprint of
/// the filters, so a token cannot be replayed with different filters.
/// </summary>
internal sealed record TemplatePageToken(string NameKey, string Id, string Filter)
{
    public static string Fingerprint(string? folderId, string? nameContainsKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{folderId}\n{nameContainsKey}")))[..16];

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>Null for an empty token; <see cref="ValidationException"/> when it is malformed or made for other filters.</summary>
    public static TemplatePageToken? Decode(string? token, string expectedFilter)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        TemplatePageToken? decoded = null;
        try
        {
            decoded = JsonSerializer.Deserialize<TemplatePageToken>(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        if (decoded is null || decoded.NameKey is null || !Ids.IsWellFormed(decoded.Id))
        {
            throw new ValidationException("page_token", "is not a token returned by this listing");
        }

        if (decoded.Filter != expectedFilter)
        {
            throw new ValidationException("page_token", "was made for other filters; send the same folder_id and name_contains");
        }

        return decoded;
    }
}
