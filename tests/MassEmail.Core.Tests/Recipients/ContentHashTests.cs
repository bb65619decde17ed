using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Records;

namespace MassEmail.Core.Tests.Recipients;

/// <summary>The content hash decides that a re-import writes nothing, so it must be stable and see every change.</summary>
public sealed class ContentHashTests
{
    private static readonly RecordInput Minimal = new("ext-1", "", "", "", "", "", "", "", false, new Dictionary<string, FieldValue>());

    private static readonly RecordInput BenchRow = new(
        "cand-0000007", "", "First7", "Last7", "candidate7@bench.example", "", "", "", false,
        new Dictionary<string, FieldValue> { ["city"] = FieldValue.Of("Madrid"), ["years"] = FieldValue.Of(7.0), ["skills"] = FieldValue.Of(["c#", "go"]) });

    private static readonly RecordInput EveryField = new(
        "ext/ünï-😀 \"1\"", "Zoë Ångström-日本", "Zoë", "Ångström-日本", "Zoë@例え.jp", "+81 3-1234-5678", "0123456789abcdef01234567", "client/Ü-1", true,
        new Dictionary<string, FieldValue>
        {
            ["zeta"] = FieldValue.Of("Zürich — 日本 😀"),
            ["empty_text"] = FieldValue.Of(""),
            ["years"] = FieldValue.Of(12.75),
            ["negative"] = FieldValue.Of(-3.0),
            ["big"] = FieldValue.Of(9_007_199_254_740_991.0),
            ["tiny"] = FieldValue.Of(1e-7),
            ["relocate"] = FieldValue.Of(false),
            ["active"] = FieldValue.Of(true),
            ["available"] = FieldValue.OfDate(-86_400_000),
            ["signed"] = FieldValue.OfDate(1_940_934_896_789),
            ["skills"] = FieldValue.Of(["C#", "Süß", "日本語", "", "a|b:c"]),
            ["no_skills"] = FieldValue.Of(Array.Empty<string>()),
            ["lone"] = FieldValue.Of("\ud800x"),
        });

    /// <summary>The hashes stores hold: a different value here means every stored record is rewritten once by the next sync.</summary>
    [Theory]
    [InlineData("minimal", RecordModule.Candidates, "J-2Z6l5GwB8uHFU7HnO6Vg")]
    [InlineData("bench", RecordModule.Candidates, "0gPImG7Wa-3KrGH33HBREA")]
    [InlineData("every", RecordModule.Contacts, "PaAUXTA_eBx_7lERtH44DA")]
    public void Of_KnownRecords_MatchesTheStoredForm(string name, RecordModule module, string expected)
    {
        var input = name switch { "minimal" => Minimal, "bench" => BenchRow, _ => EveryField };

        Assert.Equal(expected, ContentHash.Of(module, input));
    }

    [Fact]
    public void Of_CustomFieldsInAnotherOrder_IsTheSame()
    {
        var reversed = EveryField with { Custom = EveryField.Custom.Reverse().ToDictionary() };

        Assert.Equal(ContentHash.Of(RecordModule.Contacts, EveryField), ContentHash.Of(RecordModule.Contacts, reversed));
    }

    [Fact]
    public void Of_AnyOneValueChanged_Differs()
    {
        var original = ContentHash.Of(RecordModule.Contacts, EveryField);
        RecordInput[] changed =
        [
            EveryField with { ExternalId = EveryField.ExternalId + "x" },
            EveryField with { Name = "Zoë" },
            EveryField with { FirstName = "" },
            EveryField with { LastName = "Ångström" },
            EveryField with { Email = "zoe@例え.jp" },
            EveryField with { Phone = "+81 3-1234-5679" },
            EveryField with { OwnerUserId = "" },
            EveryField with { ClientExternalId = "client/Ü-2" },
            EveryField with { EmailOptOut = false },
            EveryField with { Custom = With("zeta", FieldValue.Of("Zurich")) },
            EveryField with { Custom = With("years", FieldValue.Of(12.5)) },
            EveryField with { Custom = With("years", FieldValue.OfDate(12)) },
            EveryField with { Custom = With("relocate", FieldValue.Of(true)) },
            EveryField with { Custom = With("available", FieldValue.OfDate(-86_400_001)) },
            EveryField with { Custom = With("skills", FieldValue.Of(["C#", "Süß", "日本語", "a|b:c", ""])) },
            EveryField with { Custom = With("no_skills", FieldValue.Of([""])) },
            EveryField with { Custom = With("empty_text", FieldValue.Of(Array.Empty<string>())) },
            EveryField with { Custom = With("added", FieldValue.Of("")) },
            EveryField with { Custom = EveryField.Custom.Where(kv => kv.Key != "empty_text").ToDictionary() },
        ];

        Assert.DoesNotContain(original, changed.Select(c => ContentHash.Of(RecordModule.Contacts, c)));
        Assert.NotEqual(original, ContentHash.Of(RecordModule.Candidates, EveryField));
        Assert.Equal(changed.Length, changed.Select(c => ContentHash.Of(RecordModule.Contacts, c)).Distinct().Count());
    }

    [Fact]
    public void Of_ValuesShiftedBetweenFields_Differs()
    {
        var a = Minimal with { FirstName = "Ada", LastName = "" };
        var b = Minimal with { FirstName = "", LastName = "Ada" };
        var c = Minimal with { FirstName = "Ad", LastName = "a" };

        Assert.Equal(3, new[] { a, b, c }.Select(r => ContentHash.Of(RecordModule.Candidates, r)).Distinct().Count());
    }

    [Fact]
    public void Of_AfterAFailedCallAndAHugeRecord_IsUnaffected()
    {
        var expected = ContentHash.Of(RecordModule.Candidates, BenchRow);
        var unformattable = Minimal with { Custom = new Dictionary<string, FieldValue> { ["a"] = FieldValue.OfDate(long.MaxValue) } };
        var huge = Minimal with { Custom = new Dictionary<string, FieldValue> { ["text"] = FieldValue.Of(new string('é', 100_000)) } };

        Assert.ThrowsAny<ArgumentException>(() => ContentHash.Of(RecordModule.Candidates, unformattable));
        Assert.Equal(expected, ContentHash.Of(RecordModule.Candidates, BenchRow));
        Assert.NotEqual(ContentHash.Of(RecordModule.Candidates, huge), ContentHash.Of(RecordModule.Candidates, huge with { ExternalId = "ext-2" }));
        Assert.Equal(expected, ContentHash.Of(RecordModule.Candidates, BenchRow));
    }

    [Fact]
    public async Task Of_OnManyThreadsAtOnce_GivesEachRecordItsOwnHash()
    {
        var inputs = Enumerable.Range(0, 2000).Select(i => BenchRow with { ExternalId = $"cand-{i}" }).ToArray();
        var expected = inputs.Select(r => ContentHash.Of(RecordModule.Candidates, r)).ToArray();

        var actual = await Task.WhenAll(inputs.Select(r => Task.Run(() => ContentHash.Of(RecordModule.Candidates, r))));

        Assert.Equal(expected, actual);
        Assert.Equal(inputs.Length, expected.Distinct().Count());
    }

    private static Dictionary<string, FieldValue> With(string name, FieldValue value) =>
        new(EveryField.Custom) { [name] = value };
}
