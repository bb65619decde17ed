using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// ObjectIds derived from business keys (the first 96 bits of a SHA-256 of the length-prefixed parts).
/// <c>_id</c> is the one index every MongoDB-wire server keeps unique (unpatched CongoDB enforces no other), so a document whose
/// <c>_id</c> is its key can be created by exactly one of many concurrent writers.
/// </summary>
internal static class DerivedIds
{
    public static ObjectId Of(params string[] parts)
    {
        var length = parts.Sum(p => sizeof(int) + Encoding.UTF8.GetByteCount(p));
        var buffer = new byte[length];
        var at = 0;
        foreach (var part in parts)
        {
            // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
            var written = Encoding.UTF8.GetBytes(part, buffer.AsSpan(at + sizeof(int)));
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), written);
            at += sizeof(int) + written;
        }

        return new ObjectId(SHA256.HashData(buffer)[..12]);
    }
}
