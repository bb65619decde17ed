using System.Text.Json;
using System.Text.Json.Nodes;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Sending;

/// <summary>The stored form of an audience source.</summary>
public static class AudienceJson
{
    public static string Serialize(AudienceSource source) => (source switch
    {
        ViewAudience v => new JsonObject { ["view_id"] = v.ViewId },
        ListAudience l => new JsonObject { ["list_id"] = l.ListId },
        RecordsAudience r => new JsonObject { ["record_ids"] = new JsonArray(r.RecordIds.Select(id => (JsonNode)id).ToArray()) },
        CriteriaAudience c => new JsonObject { ["criteria"] = JsonNode.Parse(CriteriaJson.Serialize(c.Criteria)) },
        _ => throw new ArgumentException("unknown audience", nameof(source)),
    }).ToJsonString();

    public static AudienceSource Deserialize(string json)
    {
        var o = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty audience");
        return o switch
        {
            _ when o["view_id"] is { } v => new ViewAudience(v.GetValue<string>()),
            _ when o["list_id"] is { } l => new ListAudience(l.GetValue<string>()),
            _ when o["record_ids"] is JsonArray ids => new RecordsAudience(ids.Select(i => i!.GetValue<string>()).ToList()),
            _ when o["criteria"] is { } c => new CriteriaAudience(CriteriaJson.Deserialize(c.ToJsonString())),
            _ => throw new JsonException("unknown audience"),
        };
    }
}
