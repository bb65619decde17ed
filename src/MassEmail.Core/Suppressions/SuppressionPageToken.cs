using System.Buffers.Text;
using System.Text;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Suppressions;

/// <summary>The opaque continuation token of a suppression listing: the last email key returned, with a version prefix.</summary>
internal static class SuppressionPageToken
{
    private const string Prefix = "s1:";

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    /// <summary>Null for an empty token; <see cref="ValidationException"/> when it is not one this listing returned.</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string? text = null;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
        }

        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length == Prefix.Length || text.Length > Prefix.Length + 300)
        {
            throw new ValidationException("page_token", "is not a token returned by this listing");
        }

        return text[Prefix.Length..];
    }
}
