using System.Text.Json.Serialization;

namespace MassEmail.Cli.Config;

/// <summary>Source-generated serialisation of the login file (no reflection, so the tool can be trimmed).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(StoredConfig))]
public sealed partial class StoredConfigJson : JsonSerializerContext;
