namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A connection's secrets by name (<c>client_id</c>, <c>client_secret</c>, <c>refresh_token</c>, <c>api_key</c>,
/// <c>webhook_secret</c>…). <see cref="ToString"/> and record printing never show a value, so a connection logged by
/// mistake does not leak them.
/// </summary>
public sealed class PluginCredentials(IReadOnlyDictionary<string, string> values)
{
    /// <summary>The secret named <paramref name="name"/>; throws naming only the key when it is missing.</summary>
    public string this[string name] => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
        ? value
        : throw new InvalidOperationException($"the connection has no credential '{name}'");

    /// <summary>The secret named <paramref name="name"/>, or null.</summary>
    public string? Find(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>Every secret's value: what a log check searches for.</summary>
    public IEnumerable<string> Values => values.Values;

    public override string ToString() => $"[{values.Count} credentials redacted]";
}
