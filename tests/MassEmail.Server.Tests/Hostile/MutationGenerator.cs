using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// The hostile corpus of one RPC, generated from its request descriptor and a valid seed request:
/// every string field empty / 1 MB / with CR-LF / with invisible characters / with invalid UTF-8;
/// every repeated or map field with 100,000 entries; every enum with an undefined number; every number
/// at its extremes (Timestamp seconds and nanos included); every recursive message nested 10,000 deep;
/// and raw bytes: empty, truncated, garbage, wrong wire types, huge unknown fields.
/// </summary>
internal static class MutationGenerator
{
    public const int ManyEntries = 100_000;
    public const int DeepNesting = 10_000;
    private const int MaxPathDepth = 8;

    private static readonly (string Name, string Value)[] Strings =
    [
        ("empty", ""),
        ("1 MB", new string('a', 1 << 20)),
        ("CR/LF", "line\r\nBcc: victim@example.com"),
        ("invisible and bidi characters", "a\u200Bb\u202Ec\uFEFFd\u2066e\u00ADf"),
        ("invalid UTF-8", WireFormat.InvalidUtf8Marker),
        // Template syntax nested past any parser's stack: harmless text in most fields, an attack where templates are parsed.
        ("5 KB of nested parentheses in Liquid", "{{ " + new string('(', 2500) + "1" + new string(')', 2500) + " }}"),
        ("100,000 nested HTML elements", string.Concat(Enumerable.Repeat("<div>", 100_000))),
        ("5,000 nested Liquid if blocks", string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 5000))),
    ];

    public static IReadOnlyList<Mutation> For(IMessage seed)
    {
        var mutations = new List<Mutation>();
        Raw(seed, mutations);
        Walk(seed, seed.Descriptor, [], [seed.Descriptor], mutations);
        return mutations;
    }

    private static void Raw(IMessage seed, List<Mutation> mutations)
    {
        var bytes = seed.ToByteArray();
        var random = new Random(20261203);
        var garbage = new byte[1024];
        random.NextBytes(garbage);
        mutations.Add(new("raw: empty message (every field at its default)", () => []));
        mutations.Add(new("raw: 1 KB of random bytes", () => garbage));
        mutations.Add(new("raw: a length prefix past the end", () => [0x0A, 0xFF, 0xFF, 0x03, 0x41]));
        mutations.Add(new("raw: field 1 with a fixed64 wire type", () => [0x09, 1, 2, 3, 4, 5, 6, 7, 8]));
        mutations.Add(new("raw: an unknown field of 1 MB", () => [.. bytes, .. WireFormat.Nested([9999], [], 0, new byte[1 << 20])]));
        if (bytes.Length > 1)
        {
            mutations.Add(new("raw: truncated to half", () => bytes[..(bytes.Length / 2)]));
            mutations.Add(new("raw: last byte cut off", () => bytes[..^1]));
        }
    }

    private static void Walk(IMessage seed, MessageDescriptor type, List<FieldStep> path, List<MessageDescriptor> onPath, List<Mutation> mutations)
    {
        if (path.Count >= MaxPathDepth)
        {
            return;
        }

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var name = string.Join('.', path.Append(new FieldStep(field)));
            if (field.IsMap)
            {
                Map(seed, field, path, name, onPath, mutations);
            }
            else if (field.IsRepeated)
            {
                Repeated(seed, field, path, name, onPath, mutations);
            }
            else
            {
                Singular(seed, field, path, name, onPath, mutations);
            }

            if (field.FieldType == FieldType.Message && Recursive(field) is { } cycle)
            {
                var wirePath = path.SelectMany(s => s.WireFields).Concat(new FieldStep(field).WireFields).ToList();
                mutations.Add(new($"{name}: nested {DeepNesting:N0} levels deep", () => [.. seed.ToByteArray(), .. WireFormat.Nested(wirePath, cycle, DeepNesting, [])]));
            }
        }
    }

    private static void Singular(IMessage seed, FieldDescriptor field, List<FieldStep> path, string name, List<MessageDescriptor> onPath, List<Mutation> mutations)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                foreach (var (label, value) in Strings)
                {
                    mutations.Add(Set(seed, path, name, label, m => field.Accessor.SetValue(m, value)));
                }

                break;
            case FieldType.Enum:
                foreach (var number in UndefinedEnumNumbers(field.EnumType))
                {
                    mutations.Add(Set(seed, path, name, $"undefined enum number {number}", m => field.Accessor.SetValue(m, Enum.ToObject(field.EnumType.ClrType, number))));
                }

                break;
            case FieldType.Message:
                if (!onPath.Contains(field.MessageType))
                {
                    Walk(seed, field.MessageType, [.. path, new FieldStep(field)], [.. onPath, field.MessageType], mutations);
                }

                break;
            default:
                foreach (var (label, value) in Extremes(field.FieldType))
                {
                    mutations.Add(Set(seed, path, name, label, m => field.Accessor.SetValue(m, value)));
                }

                break;
        }
    }

    private static void Repeated(IMessage seed, FieldDescriptor field, List<FieldStep> path, string name, List<MessageDescriptor> onPath, List<Mutation> mutations)
    {
        mutations.Add(Set(seed, path, name, $"{ManyEntries:N0} entries", m =>
        {
            var list = (IList)field.Accessor.GetValue(m);
            var entry = list.Count > 0 ? list[0] : DefaultElement(field);
            for (var i = list.Count; i < ManyEntries; i++)
            {
                list.Add(entry is IMessage message ? Copy(message) : entry);
            }
        }));
        switch (field.FieldType)
        {
            case FieldType.String:
                foreach (var (label, value) in Strings)
                {
                    mutations.Add(Set(seed, path, name, $"an entry {label}", m => ((IList)field.Accessor.GetValue(m)).Add(value)));
                }

                break;
            case FieldType.Enum:
                foreach (var number in UndefinedEnumNumbers(field.EnumType))
                {
                    mutations.Add(Set(seed, path, name, $"an entry with undefined enum number {number}", m => ((IList)field.Accessor.GetValue(m)).Add(Enum.ToObject(field.EnumType.ClrType, number))));
                }

                break;
            case FieldType.Message when !onPath.Contains(field.MessageType):
                Walk(seed, field.MessageType, [.. path, new FieldStep(field, Index: 0)], [.. onPath, field.MessageType], mutations);
                break;
        }
    }

    private static void Map(IMessage seed, FieldDescriptor field, List<FieldStep> path, string name, List<MessageDescriptor> onPath, List<Mutation> mutations)
    {
        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        mutations.Add(Set(seed, path, name, $"{ManyEntries:N0} entries", m =>
        {
            var map = (IDictionary)field.Accessor.GetValue(m);
            var value = map.Count > 0 ? map.Values.Cast<object>().First() : DefaultOf(valueField);
            for (var i = map.Count; i < ManyEntries; i++)
            {
                map[KeyOf(keyField, i)] = value is IMessage message ? Copy(message) : value;
            }
        }));
        if (keyField.FieldType == FieldType.String)
        {
            foreach (var (label, key) in Strings)
            {
                mutations.Add(Set(seed, path, name, $"a key {label}", m =>
                {
                    var map = (IDictionary)field.Accessor.GetValue(m);
                    map[key] = map.Count > 0 ? map.Values.Cast<object>().First() : DefaultOf(valueField);
                }));
            }
        }

        if (valueField.FieldType == FieldType.Message && !onPath.Contains(valueField.MessageType))
        {
            var key = ((IDictionary)field.Accessor.GetValue(Locate(Copy(seed), path))).Keys.Cast<object>().FirstOrDefault() ?? KeyOf(keyField, 0);
            Walk(seed, valueField.MessageType, [.. path, new FieldStep(field, Key: key)], [.. onPath, valueField.MessageType], mutations);
        }
    }

    /// <summary>A mutation that copies the seed, finds the message at <paramref name="path"/> (creating it) and changes it.</summary>
    private static Mutation Set(IMessage seed, List<FieldStep> path, string name, string label, Action<IMessage> change) =>
        new($"{name}: {label}", () =>
        {
            var copy = Copy(seed);
            change(Locate(copy, path));
            return WireFormat.WithInvalidUtf8(copy);
        });

    private static IMessage Locate(IMessage root, IReadOnlyList<FieldStep> path)
    {
        var current = root;
        foreach (var step in path)
        {
            var field = step.Field;
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(current);
                if (map[step.Key!] is not IMessage value)
                {
                    value = (IMessage)DefaultOf(field.MessageType.FindFieldByNumber(2));
                    map[step.Key!] = value;
                }

                current = value;
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(current);
                while (list.Count <= step.Index)
                {
                    list.Add(DefaultElement(field));
                }

                current = (IMessage)list[step.Index]!;
            }
            else
            {
                if (field.Accessor.GetValue(current) is not IMessage value)
                {
                    value = New(field.MessageType);
                    field.Accessor.SetValue(current, value);
                }

                current = value;
            }
        }

        return current;
    }

    private static IReadOnlyList<int>? Recursive(FieldDescriptor field)
    {
        var type = field.IsMap ? field.MessageType.FindFieldByNumber(2).MessageType : field.MessageType;
        return type is null ? null : WireFormat.Cycle(type);
    }

    private static IEnumerable<int> UndefinedEnumNumbers(EnumDescriptor type)
    {
        var defined = type.Values.Select(v => v.Number).ToHashSet();
        return new[] { 999, -1, int.MaxValue }.Where(n => !defined.Contains(n));
    }

    private static IEnumerable<(string, object)> Extremes(FieldType type) => type switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 =>
            [("int32 minimum", int.MinValue), ("int32 maximum", int.MaxValue), ("-1", -1)],
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 =>
            [("int64 minimum", long.MinValue), ("int64 maximum", long.MaxValue), ("-1", -1L), ("999,999,999,999", 999_999_999_999L)],
        FieldType.UInt32 or FieldType.Fixed32 => [("uint32 maximum", uint.MaxValue)],
        FieldType.UInt64 or FieldType.Fixed64 => [("uint64 maximum", ulong.MaxValue)],
        FieldType.Double =>
            [("NaN", double.NaN), ("+infinity", double.PositiveInfinity), ("-infinity", double.NegativeInfinity), ("double maximum", double.MaxValue), ("-double maximum", -double.MaxValue)],
        FieldType.Float => [("NaN", float.NaN), ("+infinity", float.PositiveInfinity), ("float maximum", float.MaxValue)],
        _ => [],
    };

    private static object DefaultElement(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message => New(field.MessageType),
        _ => DefaultOf(field),
    };

    private static object DefaultOf(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message => New(field.MessageType),
        FieldType.String => "x",
        FieldType.Bytes => ByteString.Empty,
        FieldType.Bool => true,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values.Count > 1 ? field.EnumType.Values[1].Number : 0),
        FieldType.Double => 1d,
        FieldType.Float => 1f,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 1L,
        FieldType.UInt64 or FieldType.Fixed64 => 1UL,
        FieldType.UInt32 or FieldType.Fixed32 => 1U,
        _ => 1,
    };

    private static object KeyOf(FieldDescriptor keyField, int i) => keyField.FieldType switch
    {
        FieldType.String => $"k{i}",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)i,
        FieldType.Bool => i % 2 == 0,
        _ => i,
    };

    private static IMessage Copy(IMessage message) => message.Descriptor.Parser.ParseFrom(message.ToByteString());

    private static IMessage New(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);
}
