using System.Text;
using System.Text.Json;
using MassEmail.Core.Recipients;
using MassEmail.Storage.Sqlite.Recipients;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>
/// <see cref="StoredCustomFields"/>: a record's custom fields kept as the row's text and parsed when first asked for, from a
/// copy of the text (a statement reuses its buffers for the next row).
/// </summary>
public sealed class StoredCustomFieldsTests
{
    [Fact]
    public void From_TextChangedAfterwards_GivesTheFieldsAsTheyWere()
    {
        byte[] custom = Encoding.UTF8.GetBytes("""{"city":"Berlin","years":7,"since":1700000000000,"skills":["c#","sql"],"active":true}""");
        byte[] dates = Encoding.UTF8.GetBytes("""["since"]""");

        var fields = StoredCustomFields.From(custom, dates);
        Array.Fill(custom, (byte)' ');
        Array.Fill(dates, (byte)' ');

        Assert.Equal(5, fields.Count);
        Assert.Equal(FieldValue.Of("Berlin"), fields["city"]);
        Assert.Equal(FieldValue.Of(7), fields["years"]);
        Assert.Equal(FieldValue.OfDate(1_700_000_000_000), fields["since"]);
        Assert.Equal(FieldValue.Of(["c#", "sql"]), fields["skills"]);
        Assert.True(fields.TryGetValue("active", out var active) && active.Bool);
        Assert.False(fields.ContainsKey("missing"));
        Assert.Equal(["active", "city", "since", "skills", "years"], fields.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void From_ParsesOnlyWhenFirstAsked()
    {
        // Text no parser accepts: taking it is free, asking for a field parses it.
        var fields = StoredCustomFields.From("""{"city":"""u8, []);

        Assert.ThrowsAny<JsonException>(() => fields.ContainsKey("city"));
    }
}
