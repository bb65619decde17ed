using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Server.Tests.Telemetry;

/// <summary>Everything a captured log line carries, as one text to search: category, message, exception, state values and scopes.</summary>
internal static class LogTexts
{
    public static string Of(FakeLogRecord record) => string.Join(
        '\n',
        [
            record.Category, record.Message, record.Exception?.ToString(),
            .. record.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [],
            .. record.Scopes.Select(ScopeText),
        ]);

    private static string? ScopeText(object? scope) => scope is IEnumerable<KeyValuePair<string, object?>> values
        ? string.Join(';', values.Select(kv => $"{kv.Key}={kv.Value}")) + scope
        : scope?.ToString();
}
