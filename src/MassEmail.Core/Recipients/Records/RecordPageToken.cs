using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Recipients.Records;

/// <summary>Continuation of a record search: the last id, bound to the module and criteria it was made for.</summary>
internal static class RecordPageToken
{
    public static string Fingerprint(RecordModule module, CriteriaNode? criteria) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{module}\n{(criteria is null ? "" : CriteriaJson.Serialize(criteria))}")))[..16];

    public static string Encode(string lastId, string fingerprint) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{lastId}.{fingerprint}"));

    public static string? Decode(string? token, string fingerprint)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ValidationException("page_token", "is not a token returned by this search");
        }

        var parts = text.Split('.');
        if (parts.Length != 2 || !Ids.IsWellFormed(parts[0]))
        {
            throw new ValidationException("page_token", "is not a token returned by this search");
        }

        return parts[1] == fingerprint
            ? parts[0]
            : throw new ValidationException("page_token", "was made for another module or other criteria");
    }
}
