using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MassEmail.Core;

/// <summary>
/// Identifiers: 24 lowercase hex digits in the MongoDB ObjectId layout (4-byte Unix time,
/// 5 random bytes, 3-byte counter), so both stores can use them natively and they sort by age.
/// </summary>
public static class Ids
{
    private static readonly byte[] ProcessRandom = RandomNumberGenerator.GetBytes(5);
    // Starts in the lower half so that ids stay increasing within a process for millions of ids.
    private static int counter = RandomNumberGenerator.GetInt32(0, 0x7FFFFF);

    public static string New(TimeProvider? time = null)
    {
        Span<byte> bytes = stackalloc byte[12];
        var seconds = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)seconds);
        ProcessRandom.CopyTo(bytes[4..]);
        var next = Interlocked.Increment(ref counter) & 0xFFFFFF;
        bytes[9] = (byte)(next >> 16);
        bytes[10] = (byte)(next >> 8);
        bytes[11] = (byte)next;
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>True when <paramref name="id"/> has the shape of an id (it may still not exist).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 24 } && id.All(char.IsAsciiHexDigitLower);
}
