using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MassEmail.Core.Recipients.Records;

/// <summary>
/// A fingerprint of everything a sync sets on a record, so that re-importing the same data is
/// recognised in the store without comparing fields (and without writing).
/// </summary>
internal static class ContentHash
{
    public static string Of(RecordModule module, RecordInput r)
    {
        var sb = new StringBuilder(256);
        void Add(string s) => sb.Append(s.Length).Append(':').Append(s).Append('|');
        Add(((int)module).ToString(CultureInfo.InvariantCulture));
        Add(r.ExternalId);
        Add(r.Name);
        Add(r.FirstName);
        Add(r.LastName);
        Add(r.Email);
        Add(r.Phone);
        Add(r.OwnerUserId);
        Add(r.ClientExternalId);
        Add(r.EmailOptOut ? "1" : "0");
        foreach (var (key, value) in r.Custom.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Add(key);
            Add(((int)value.Type).ToString(CultureInfo.InvariantCulture));
            if (value.Type == FieldType.List)
            {
                Add(value.List.Count.ToString(CultureInfo.InvariantCulture));
                value.List.ToList().ForEach(Add);
            }
            else
            {
                Add(value.ToString());
            }
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()), hash);
        return Base64Url.EncodeToString(hash[..18]);
    }
}
