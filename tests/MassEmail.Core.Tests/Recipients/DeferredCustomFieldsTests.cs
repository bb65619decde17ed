using MassEmail.Core.Recipients;

namespace MassEmail.Core.Tests.Recipients;

/// <summary>
/// <see cref="DeferredCustomFields"/>: the stored form is parsed at the first read, once, and every read of the
/// dictionary answers from that parse.
/// </summary>
public sealed class DeferredCustomFieldsTests
{
    [Fact]
    public void Reads_OfEveryKind_ParseOnceAtTheFirst()
    {
        var fields = new Counting(new() { ["team"] = FieldValue.Of("blue"), ["score"] = FieldValue.Of(3) });
        Assert.Equal(0, fields.Parses);

        Assert.Equal(2, fields.Count);
        Assert.True(fields.ContainsKey("team"));
        Assert.True(fields.TryGetValue("score", out var score));
        Assert.Equal(FieldValue.Of(3), score);
        Assert.Equal(FieldValue.Of("blue"), fields["team"]);
        Assert.Equal(["score", "team"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, fields.Values.Count());
        Assert.Equal(2, fields.Count());

        Assert.Equal(1, fields.Parses);
    }

    /// <summary>Fields whose stored form is a dictionary, counting how often it is parsed.</summary>
    private sealed class Counting(Dictionary<string, FieldValue> stored) : DeferredCustomFields
    {
        public int Parses { get; private set; }

        protected override Dictionary<string, FieldValue> Parse()
        {
            Parses++;
            return new Dictionary<string, FieldValue>(stored, StringComparer.Ordinal);
        }
    }
}
