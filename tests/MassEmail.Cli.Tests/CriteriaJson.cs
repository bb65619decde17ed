using System.Text.Json;

namespace MassEmail.Cli.Tests;

/// <summary>Criteria for <c>send start --criteria</c> in proto3 JSON: a test's own records, by their external-id prefix.</summary>
public static class CriteriaJson
{
    public static string ExternalIdStartsWith(string prefix) => JsonSerializer.Serialize(new
    {
        condition = new { field = "external_id", @operator = "CONDITION_OPERATOR_STARTS_WITH", values = new[] { new { stringValue = prefix } } },
    });
}
