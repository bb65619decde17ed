using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Tests.Rendering;

namespace MassEmail.Core.Tests.Sending;

public sealed class RecordMergeFieldsTests
{
    [Fact]
    public void RecordFields_StandardFields_ReadOffTheRecord()
    {
        var fields = MessageComposer.RecordFields(Record(new Dictionary<string, FieldValue>()));

        Assert.Equal(["external_id", "name", "first_name", "last_name", "full_name", "email", "phone"], fields.Keys);
        Assert.Equal(7, fields.Count);
        Assert.Equal("ext-1", fields["external_id"]);
        Assert.Equal("Ada Lovelace", fields["name"]);
        Assert.Equal("Ada", fields["first_name"]);
        Assert.Equal("Lovelace", fields["last_name"]);
        Assert.Equal("Ada Lovelace", fields["full_name"]);
        Assert.Equal("ada@example.com", fields["email"]);
        Assert.Equal("+44 20 7946 0000", fields["phone"]);
        Assert.False(fields.TryGetValue("owner_id", out _));
        Assert.False(fields.ContainsKey("missing"));
        Assert.Throws<KeyNotFoundException>(() => fields["missing"]);
    }

    [Fact]
    public void RecordFields_CustomFields_FollowByNameAndWinOverAStandardName()
    {
        var custom = new Dictionary<string, FieldValue>
        {
            ["score"] = FieldValue.Of(4.5),
            ["active"] = FieldValue.Of(true),
            ["full_name"] = FieldValue.Of("Countess Lovelace"),
        };

        var fields = MessageComposer.RecordFields(Record(custom));

        Assert.Equal(["external_id", "name", "first_name", "last_name", "full_name", "email", "phone", "score", "active"], fields.Keys);
        Assert.Equal(9, fields.Count);
        Assert.Equal("Countess Lovelace", fields["full_name"]);
        Assert.Equal(4.5, fields["score"]);
        Assert.Equal(true, fields["active"]);
        Assert.Equal(fields.Keys.Select(k => fields[k]), fields.Values);
        Assert.Equal(fields.Keys, fields.Select(pair => pair.Key));
    }

    [Fact]
    public async Task RecordFields_StandardFieldsOnly_NeverAskTheCustomFields()
    {
        // A store may read the custom fields only when first asked (they cost a parse a recipient): a template that
        // names standard fields only must not ask.
        var fields = MessageComposer.RecordFields(Record(new UnreadableCustomFields()));
        var data = LiquidTestData.Data(record: fields);

        var message = await LiquidTestData.RenderAsync(
            "Hi {{ record.first_name }}", "<p>{{ record.last_name }} {{ record.name }} {{ record.email }} {{ record.phone }} {{ record.external_id }}</p>", data: data);

        Assert.Equal("Hi Ada", message.Subject);
        Assert.Equal("<p>Lovelace Ada Lovelace ada@example.com &#x2B;44 20 7946 0000 ext-1</p>", message.HtmlBody);
        Assert.True(fields.ContainsKey("email"));
        Assert.Throws<InvalidOperationException>(() => fields["full_name"]);
    }

    [Fact]
    public void RecordFields_FullNameWithoutFirstName_IsTrimmed() =>
        Assert.Equal("Lovelace", MessageComposer.RecordFields(Record(new Dictionary<string, FieldValue>()) with { FirstName = "" })["full_name"]);

    [Fact]
    public async Task RecordFields_RenderInATemplate()
    {
        var data = LiquidTestData.Data(record: MessageComposer.RecordFields(Record(new Dictionary<string, FieldValue> { ["score"] = FieldValue.Of(3) })));

        var message = await LiquidTestData.RenderAsync("Hi {{ record.full_name }}", "<p>{{ record.score }} {{ record.email }} [{{ record.nothing }}]</p>", data: data);

        Assert.Equal("Hi Ada Lovelace", message.Subject);
        Assert.Equal("<p>3 ada@example.com []</p>", message.HtmlBody);
    }

    /// <summary>Custom fields that throw when read at all.</summary>
    private sealed class UnreadableCustomFields : IReadOnlyDictionary<string, FieldValue>
    {
        public int Count => throw Read();

        public IEnumerable<string> Keys => throw Read();

        public IEnumerable<FieldValue> Values => throw Read();

        public FieldValue this[string key] => throw Read();

        public bool ContainsKey(string key) => throw Read();

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value) => throw Read();

        public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator() => throw Read();

        IEnumerator IEnumerable.GetEnumerator() => throw Read();

        private static InvalidOperationException Read() => new("the custom fields were read");
    }

    private static RecipientRecord Record(IReadOnlyDictionary<string, FieldValue> custom) => new(
        "rec-1", "org-1", RecordModule.Candidates, "ext-1", "Ada Lovelace", "Ada", "Lovelace", "Ada@Example.com", "ada@example.com",
        EmailStatus.Valid, "ada@example.com", "", "+44 20 7946 0000", null, null, false, custom, "hash", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
