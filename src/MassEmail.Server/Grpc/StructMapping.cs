using Google.Protobuf.WellKnownTypes;

namespace MassEmail.Server.Grpc;

/// <summary>Turns protobuf Structs into the plain dictionaries templates merge.</summary>
internal static class StructMapping
{
    public static IReadOnlyDictionary<string, object?> ToDictionary(this Struct? s) =>
        s is null ? new Dictionary<string, object?>() : s.Fields.ToDictionary(kv => kv.Key, kv => ToObject(kv.Value));

    private static object? ToObject(Value v) => v.KindCase switch
    {
        Value.KindOneofCase.StringValue => v.StringValue,
        Value.KindOneofCase.NumberValue => v.NumberValue,
        Value.KindOneofCase.BoolValue => v.BoolValue,
        Value.KindOneofCase.StructValue => v.StructValue.ToDictionary(),
        Value.KindOneofCase.ListValue => v.ListValue.Values.Select(ToObject).ToList(),
        _ => null,
    };
}
