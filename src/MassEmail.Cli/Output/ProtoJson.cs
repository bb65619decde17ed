using System.Text.Json.Nodes;
using Google.Protobuf;

namespace MassEmail.Cli.Output;

/// <summary>Proto messages in the API's own JSON form (proto3 JSON, enum names, zero values written out).</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static JsonNode From(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static JsonArray From(IEnumerable<IMessage> messages) => new([.. messages.Select(From)]);
}
