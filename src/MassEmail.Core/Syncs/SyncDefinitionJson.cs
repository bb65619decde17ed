using System.Text.Json;
using System.Text.Json.Serialization;

namespace MassEmail.Core.Syncs;

/// <summary>The stored form of a definition's settings and status, one JSON text each, the same in every adapter.</summary>
public static class SyncDefinitionJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Serialize(SyncSettings settings) => JsonSerializer.Serialize(settings, Options);

    public static SyncSettings DeserializeSettings(string json) =>
        JsonSerializer.Deserialize<SyncSettings>(json, Options) ?? throw new JsonException("empty sync settings");

    public static string Serialize(SyncStatus status) => JsonSerializer.Serialize(status, Options);

    public static SyncStatus DeserializeStatus(string json) =>
        JsonSerializer.Deserialize<SyncStatus>(json, Options) ?? throw new JsonException("empty sync status");
}
