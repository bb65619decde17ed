using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>
/// The <c>custom</c> and <c>custom_dates</c> columns: custom fields as one JSON object with native JSON
/// values (dates as Unix-ms numbers), plus the keys holding dates, which JSON cannot tell from numbers.
/// </summary>
internal sealed class CustomFieldsJson : IDisposable
{
    // Non-ASCII stays as UTF-8 (smaller, and the column is never embedded in HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> buffer = new(512);
    private readonly Utf8JsonWriter writer;
    private readonly List<string> dates = [];

    // Records of one import mostly share their date keys, so the last JSON of them is reused.
    private List<string> lastDates = [];
    private string? lastDatesJson;

    public CustomFieldsJson() => writer = new Utf8JsonWriter(buffer, WriterOptions);

    /// <summary>The UTF-8 <c>custom</c> column value of the last <see cref="Write"/>, valid until the next one.</summary>
    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    /// <summary>
    /// Writes <paramref name="custom"/> as the <c>custom</c> column value (see <see cref="Written"/>) and returns
    /// the <c>custom_dates</c> one; reuse one instance for a batch.
    /// </summary>
    public string? Write(IReadOnlyDictionary<string, FieldValue> custom)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        dates.Clear();
        writer.WriteStartObject();
        foreach ((var name, FieldValue value) in custom)
        {
            writer.WritePropertyName(name);
            switch (value.Type)
            {
                case FieldType.String:
                    writer.WriteStringValue(value.Text);
                    break;
                case FieldType.Number:
                    writer.WriteNumberValue(value.Number);
                    break;
                case FieldType.Bool:
                    writer.WriteBooleanValue(value.Bool);
                    break;
                case FieldType.Date:
                    writer.WriteNumberValue(value.UnixMilliseconds);
                    dates.Add(name);
                    break;
                default:
                    writer.WriteStartArray();
                    foreach (var item in value.List)
                    {
                        writer.WriteStringValue(item);
                    }

                    writer.WriteEndArray();
                    break;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return DatesJson();
    }

    public void Dispose() => writer.Dispose();

    private string? DatesJson()
    {
        if (dates.Count == 0)
        {
            return null;
        }

        if (!dates.SequenceEqual(lastDates, StringComparer.Ordinal))
        {
            lastDates = [.. dates];
            lastDatesJson = JsonSerializer.Serialize(lastDates);
        }

        return lastDatesJson;
    }

    public static Dictionary<string, FieldValue> Read(string custom, string? dateKeys)
    {
        HashSet<string> dates = dateKeys is null ? [] : JsonSerializer.Deserialize<HashSet<string>>(dateKeys) ?? [];
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        using JsonDocument document = JsonDocument.Parse(custom);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            JsonElement v = property.Value;
            FieldValue? value = v.ValueKind switch
            {
                JsonValueKind.String => FieldValue.Of(v.GetString()!),
                JsonValueKind.Number when dates.Contains(property.Name) => FieldValue.OfDate(v.GetInt64()),
                JsonValueKind.Number => FieldValue.Of(v.GetDouble()),
                JsonValueKind.True => FieldValue.Of(true),
                JsonValueKind.False => FieldValue.Of(false),
                JsonValueKind.Array => FieldValue.Of([.. v.EnumerateArray().Select(e => e.GetString() ?? "")]),
                _ => null,
            };
            if (value is not null)
            {
                fields[property.Name] = value;
            }
        }

        return fields;
    }
}
