using System.Text.Json;
using System.Text.Json.Serialization;

namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// The stored form of authored criteria (views, dynamic lists): JSON that keeps relative dates
/// relative, so a view means "the last 7 days" whenever it is used.
/// </summary>
public static class CriteriaJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(CriteriaNode node) => JsonSerializer.Serialize(ToDto(node), Options);

    public static CriteriaNode Deserialize(string json) =>
        FromDto(JsonSerializer.Deserialize<NodeDto>(json, Options) ?? throw new JsonException("empty criteria"));

    private static NodeDto ToDto(CriteriaNode node) => node switch
    {
        CriteriaGroup g => new NodeDto { Group = g.Any ? "or" : "and", Children = g.Children.Select(ToDto).ToList() },
        CriteriaCondition c => new NodeDto
        {
            Field = c.Field,
            Operator = c.Operator,
            Days = c.Days,
            Values = c.Values.Select(ValueDto.Of).ToList(),
        },
        _ => throw new ArgumentException("unknown criteria node", nameof(node)),
    };

    private static CriteriaNode FromDto(NodeDto dto) => dto.Group is not null
        ? new CriteriaGroup(dto.Group == "or", (dto.Children ?? []).Select(FromDto).ToList())
        : new CriteriaCondition(dto.Field ?? "", dto.Operator, (dto.Values ?? []).Select(v => v.ToValue()).ToList(), dto.Days);

    private sealed class NodeDto
    {
        public string? Group { get; set; }

        public List<NodeDto>? Children { get; set; }

        public string? Field { get; set; }

        public ConditionOperator Operator { get; set; }

        public List<ValueDto>? Values { get; set; }

        public int Days { get; set; }
    }

    private sealed class ValueDto
    {
        public FieldType Type { get; set; }

        public string? Text { get; set; }

        public double Number { get; set; }

        public bool Bool { get; set; }

        public List<string>? List { get; set; }

        public static ValueDto Of(FieldValue v) => new()
        {
            Type = v.Type,
            Text = v.Type == FieldType.String ? v.Text : null,
            Number = v.Number,
            Bool = v.Bool,
            List = v.Type == FieldType.List ? v.List.ToList() : null,
        };

        public FieldValue ToValue() => Type switch
        {
            FieldType.String => FieldValue.Of(Text ?? ""),
            FieldType.Number => FieldValue.Of(Number),
            FieldType.Bool => FieldValue.Of(Bool),
            FieldType.Date => FieldValue.OfDate((long)Number),
            _ => FieldValue.Of(List ?? []),
        };
    }
}
