using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace MassEmail.Core.Recipients.Records;

/// <summary>
/// A fingerprint of everything a sync sets on a record, so that re-importing the same data is
/// recognised in the store without comparing fields (and without writing).
/// </summary>
/// <remarks>
/// The XXH128 of the UTF-8 text <c>length:value|</c> for each value in a fixed order (length in UTF-16
/// units), custom fields sorted by name as name, type, then the value or the list's count and items.
/// Stored hashes depend on this form: changing it makes the next sync rewrite every record once (as the
/// move from SHA-256 to XXH128 did). A non-cryptographic hash is enough: it tells one record's content from
/// its own earlier content, and a client able to forge a collision could as well not send the change. The
/// text is written straight into a reused per-thread buffer.
/// </remarks>
internal static class ContentHash
{
    [ThreadStatic]
    private static Writer? writer;

    public static string Of(RecordModule module, RecordInput r)
    {
        Writer w = writer ??= new Writer();
        w.Start();
        w.Add((int)module);
        w.Add(r.ExternalId);
        w.Add(r.Name);
        w.Add(r.FirstName);
        w.Add(r.LastName);
        w.Add(r.Email);
        w.Add(r.Phone);
        w.Add(r.OwnerUserId);
        w.Add(r.ClientExternalId);
        w.Add(r.EmailOptOut ? "1" : "0");
        foreach (var (key, value) in w.SortedByName(r.Custom))
        {
            w.Add(key);
            w.Add((int)value.Type);
            switch (value.Type)
            {
                case FieldType.String:
                    w.Add(value.Text);
                    break;
                case FieldType.Number:
                    w.Add(value.Number);
                    break;
                case FieldType.Bool:
                    w.Add(value.Bool ? "true" : "false");
                    break;
                case FieldType.Date:
                    w.Add(DateTimeOffset.FromUnixTimeMilliseconds(value.UnixMilliseconds));
                    break;
                default:
                    w.Add(value.List.Count);
                    foreach (var item in value.List)
                    {
                        w.Add(item);
                    }

                    break;
            }
        }

        return w.Finish();
    }

    private sealed class Writer
    {
        private const int InitialSize = 512, MaxKeptSize = 64 * 1024;
        private readonly List<KeyValuePair<string, FieldValue>> custom = [];
        private byte[] buffer = new byte[InitialSize];
        private int length;

        /// <summary>Drops what a failed call may have left, and a buffer one huge record grew.</summary>
        public void Start()
        {
            length = 0;
            custom.Clear();
            if (buffer.Length > MaxKeptSize)
            {
                buffer = new byte[InitialSize];
            }
        }

        public void Add(ReadOnlySpan<char> value)
        {
            var needed = length + 12 + Encoding.UTF8.GetMaxByteCount(value.Length);
            if (needed > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
            }

            Formatted(value.Length.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture));
            length += written;
            buffer[length++] = (byte)':';
            length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(length));
            buffer[length++] = (byte)'|';
        }

        public void Add(int value)
        {
            Span<char> text = stackalloc char[11];
            Formatted(value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture));
            Add(text[..written]);
        }

        public void Add(double value)
        {
            Span<char> text = stackalloc char[32];
            Formatted(value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture));
            Add(text[..written]);
        }

        public void Add(DateTimeOffset value)
        {
            Span<char> text = stackalloc char[40];
            Formatted(value.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture));
            Add(text[..written]);
        }

        public List<KeyValuePair<string, FieldValue>> SortedByName(IReadOnlyDictionary<string, FieldValue> fields)
        {
            custom.Clear();
            custom.AddRange(fields);
            custom.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return custom;
        }

        public string Finish()
        {
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(buffer.AsSpan(0, length), hash);
            return Base64Url.EncodeToString(hash);
        }

        // The spans are sized for the longest text of each type.
        private static void Formatted(bool done)
        {
            if (!done)
            {
                throw new UnreachableException("A value did not fit its formatting buffer.");
            }
        }
    }
}
