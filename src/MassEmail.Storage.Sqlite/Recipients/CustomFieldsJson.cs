using System.Buffers;
using System.Text;
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

    public static Dictionary<string, FieldValue> Read(string custom, string? dateKeys) =>
        Read(Encoding.UTF8.GetBytes(custom), dateKeys is null ? default : Encoding.UTF8.GetBytes(dateKeys));

    /// <summary>
    /// The custom fields from the columns' UTF-8 text (<paramref name="dateKeys"/> empty for NULL), read token by token:
    /// the send path reads every recipient's record, and a parsed document per record cost more than the rest of the row.
    /// </summary>
    public static Dictionary<string, FieldValue> Read(ReadOnlySpan<byte> custom, ReadOnlySpan<byte> dateKeys)
    {
        var dates = DateKeys(dateKeys);
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(custom);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            FieldValue? value = reader.TokenType switch
            {
                JsonTokenType.String => FieldValue.Of(reader.GetString()!),
                JsonTokenType.Number when dates?.Contains(name) == true => FieldValue.OfDate(reader.GetInt64()),
                JsonTokenType.Number => FieldValue.Of(reader.GetDouble()),
                JsonTokenType.True => FieldValue.Of(true),
                JsonTokenType.False => FieldValue.Of(false),
                JsonTokenType.StartArray => FieldValue.Of(Texts(ref reader)),
                _ => null,
            };
            if (value is not null)
            {
                fields[name] = value;
            }
            else
            {
                // A value of no field type (null, an object): skipped whole.
                reader.Skip();
            }
        }

        return fields;
    }

    private static HashSet<string>? DateKeys(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartArray);
        return [.. Texts(ref reader)];
    }

    /// <summary>The texts of the array the reader is at the start of (a null item reads as empty text).</summary>
    private static List<string> Texts(ref Utf8JsonReader reader)
    {
        List<string> texts = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            texts.Add(reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.Null
                ? reader.GetString() ?? ""
                : throw new JsonException($"a list field holds a {reader.TokenType}, not text"));
        }

        return texts;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"expected {token} in a custom fields column");
        }
    }
}
