using MassEmail.Core.Recipients;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// <see cref="StoredCustomFields"/>: a record's custom fields kept as the document's BSON and converted when first asked for,
/// from a copy of the bytes (a reader's slice shares the reply's pooled buffer).
/// </summary>
public sealed class MongoStoredCustomFieldsTests
{
    [Fact]
    public void From_BytesChangedAfterwards_GivesTheFieldsAsTheyWere()
    {
        var written = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
        {
            ["city"] = FieldValue.Of("Berlin"),
            ["years"] = FieldValue.Of(7),
            ["since"] = FieldValue.OfDate(1_700_000_000_000),
            ["skills"] = FieldValue.Of(["c#", "sql"]),
            ["active"] = FieldValue.Of(true),
        };
        byte[] custom = CustomValues.ToBson(written).ToBson();

        var fields = StoredCustomFields.From(new ByteArrayBuffer(custom));
        Array.Clear(custom);

        Assert.Equal(written.OrderBy(p => p.Key, StringComparer.Ordinal), fields.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(FieldType.Date, fields["since"].Type);
        Assert.False(fields.ContainsKey("missing"));
    }

    [Fact]
    public void Deserialize_CustomFieldsNoReaderAccepts_ReadsTheRecordAndConvertsThemOnlyWhenFirstAsked()
    {
        // An element type BSON does not have inside custom: reading the record is free of it, asking for a field reads it.
        byte[] stored = new BsonDocument { ["_id"] = ObjectId.GenerateNewId(), ["custom"] = new BsonDocument("city", "Berlin") }.ToBson();
        var custom = stored.AsSpan().IndexOf("custom\0"u8) + "custom\0"u8.Length;
        stored[custom + sizeof(int)] = 0x55;

        RecipientRecord record = BsonSerializer.Deserialize<RecordDocument>(stored).ToDomain();

        Assert.IsType<StoredCustomFields>(record.Custom);
        Assert.ThrowsAny<FormatException>(() => record.Custom.ContainsKey("city"));
    }
}
