using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>Protobuf encoding by hand, for requests no message object can hold (10,000 levels deep, invalid UTF-8).</summary>
internal static class WireFormat
{
    /// <summary>A string that marks where invalid UTF-8 goes: ASCII, so it serializes to exactly these bytes.</summary>
    public const string InvalidUtf8Marker = "\u0001~HOSTILE-UTF8~\u0001";

    // Each is a broken UTF-8 sequence: lone continuation, truncated multi-byte, overlong, surrogate, 0xFF.
    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0];

    /// <summary><paramref name="message"/>'s bytes with every <see cref="InvalidUtf8Marker"/> replaced by invalid UTF-8 of the same length.</summary>
    public static byte[] WithInvalidUtf8(IMessage message)
    {
        var bytes = message.ToByteArray();
        var marker = System.Text.Encoding.ASCII.GetBytes(InvalidUtf8Marker);
        for (var at = bytes.AsSpan().IndexOf(marker); at >= 0; at = bytes.AsSpan().IndexOf(marker))
        {
            InvalidUtf8.AsSpan(0, marker.Length).CopyTo(bytes.AsSpan(at));
        }

        return bytes;
    }

    /// <summary>
    /// Bytes to append to a message so that, at <paramref name="path"/> (field numbers from the root), it holds
    /// <paramref name="depth"/> messages of a recursive type each inside the last through <paramref name="cycle"/>
    /// (the field numbers that lead from the type back to itself). Built from the inside out, without recursion.
    /// </summary>
    public static byte[] Nested(IReadOnlyList<int> path, IReadOnlyList<int> cycle, int depth, byte[] innermost)
    {
        var fields = path.Concat(Enumerable.Range(0, depth).SelectMany(_ => cycle)).ToList();
        var prefixes = new byte[fields.Count][];
        long inside = innermost.Length;
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            prefixes[i] = Prefix(fields[i], inside);
            inside += prefixes[i].Length;
        }

        var bytes = new byte[inside];
        var at = 0;
        foreach (var prefix in prefixes)
        {
            prefix.CopyTo(bytes, at);
            at += prefix.Length;
        }

        innermost.CopyTo(bytes, at);
        return bytes;
    }

    /// <summary>The field numbers from <paramref name="type"/> back to itself through message fields (map values included), or null.</summary>
    public static IReadOnlyList<int>? Cycle(MessageDescriptor type)
    {
        var queue = new Queue<(MessageDescriptor Type, List<int> Path)>();
        queue.Enqueue((type, []));
        while (queue.Count > 0)
        {
            var (current, path) = queue.Dequeue();
            if (path.Count > 6)
            {
                continue;
            }

            foreach (var field in current.Fields.InFieldNumberOrder())
            {
                if (field.FieldType != FieldType.Message)
                {
                    continue;
                }

                var (next, steps) = field.IsMap
                    ? (field.MessageType.FindFieldByNumber(2) is { FieldType: FieldType.Message } value ? value.MessageType : null, new List<int> { field.FieldNumber, 2 })
                    : (field.MessageType, [field.FieldNumber]);
                if (next is null)
                {
                    continue;
                }

                var reached = path.Concat(steps).ToList();
                if (next == type)
                {
                    return reached;
                }

                queue.Enqueue((next, reached));
            }
        }

        return null;
    }

    /// <summary>The tag of a length-delimited field and the length of what follows it.</summary>
    private static byte[] Prefix(int field, long length)
    {
        var tag = WireFormatTag(field);
        var bytes = new List<byte>(8);
        Varint(bytes, tag);
        Varint(bytes, (ulong)length);
        return [.. bytes];
    }

    private static ulong WireFormatTag(int field) => ((ulong)field << 3) | 2;

    private static void Varint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }
}
