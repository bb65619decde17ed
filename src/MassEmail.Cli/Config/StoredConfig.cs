using System.Text.Json.Serialization;

namespace MassEmail.Cli.Config;

/// <summary>The login file's content.</summary>
public sealed class StoredConfig
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("api_key")]
    public string? ApiKey { get; set; }
}
