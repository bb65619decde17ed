namespace MassEmail.Core.Tests.Rendering;

/// <summary>
/// Template shapes built to make a recursive parser, rewriter or renderer run out of stack: each
/// nests or chains one construct far past any real template (10,000 to 100,000 times). Before
/// the nesting limit, the first two killed the process with a stack overflow.
/// </summary>
internal static class HostileTemplates
{
    /// <summary>What compiling a shape must come to.</summary>
    public enum Outcome
    {
        /// <summary>Refused with the nesting-limit issue on the field that holds the shape.</summary>
        TooDeep,

        /// <summary>Refused with an ordinary syntax issue: Fluid gives up long before any depth.</summary>
        SyntaxError,

        /// <summary>Harmless (flat in Fluid's tree): compiles and renders.</summary>
        Accepted,
    }

    public sealed record Shape(string Html, Outcome Outcome);

    private const int N = 10_000;

    public static readonly IReadOnlyDictionary<string, Shape> All = new Dictionary<string, Shape>
    {
        // The two shapes the outside tester found.
        ["parentheses"] = new("{{ " + Repeat("(", 2_500) + "1" + Repeat(")", 2_500) + " }}", Outcome.TooDeep),
        ["nested if"] = new(Repeat("{% if true %}", 5_000) + "x" + Repeat("{% endif %}", 5_000), Outcome.TooDeep),

        // Expressions that recurse while parsing.
        ["parentheses, 100,000"] = new("{{ " + Repeat("(", 100_000) + "1" + Repeat(")", 100_000) + " }}", Outcome.TooDeep),
        ["parentheses never closed"] = new("{{ " + Repeat("(", 100_000), Outcome.TooDeep),
        ["nested index access"] = new("{{ a" + Repeat("[a", N) + Repeat("]", N) + " }}", Outcome.TooDeep),
        ["nested index access never closed"] = new("{{ a" + Repeat("[a", 100_000), Outcome.TooDeep),
        ["parentheses in a filter argument"] = new("{{ x | append: " + Repeat("(", N) + "1" + Repeat(")", N) + " }}", Outcome.TooDeep),
        ["parentheses behind strings holding closers"] = new("{{ " + Repeat("( \")\" or ", N) + "1 }}", Outcome.TooDeep),
        ["index access in a for source"] = new("{% for i in a" + Repeat("[a", N) + Repeat("]", N) + " %}{% endfor %}", Outcome.TooDeep),
        ["index access in a case value"] = new("{% case a" + Repeat("[a", N) + Repeat("]", N) + " %}{% endcase %}", Outcome.TooDeep),
        ["cycle with a deep expression"] = new("{% cycle a" + Repeat("[a", N) + Repeat("]", N) + ", 2 %}", Outcome.TooDeep),
        ["assign with a deep expression"] = new("{% assign x = a" + Repeat("[a", N) + Repeat("]", N) + " %}", Outcome.TooDeep),

        // Chains that parse in a loop but build a tree as deep as they are long.
        ["filter chain"] = new("{{ x" + Repeat(" | f", 100_000) + " }}", Outcome.TooDeep),
        ["filter chain with arguments"] = new("{{ x" + Repeat(" | append: 'a', b", N) + " }}", Outcome.TooDeep),
        ["or chain"] = new("{% if a" + Repeat(" or a", 100_000) + " %}x{% endif %}", Outcome.TooDeep),
        ["and chain"] = new("{{ a" + Repeat(" and a", 100_000) + " }}", Outcome.TooDeep),
        ["assign with a filter chain"] = new("{% assign x = 1" + Repeat(" | plus: 1", N) + " %}", Outcome.TooDeep),

        // Nested blocks.
        ["nested if, 100,000"] = new(Repeat("{% if true %}", 100_000) + Repeat("{% endif %}", 100_000), Outcome.TooDeep),
        ["nested if never closed"] = new(Repeat("{% if true %}", 100_000), Outcome.TooDeep),
        ["nested if with else"] = new(Repeat("{% if a %}{% else %}", N) + Repeat("{% endif %}", N), Outcome.TooDeep),
        ["nested unless"] = new(Repeat("{% unless a %}", N) + Repeat("{% endunless %}", N), Outcome.TooDeep),
        ["nested for"] = new(Repeat("{% for i in (1..2) %}", N) + Repeat("{% endfor %}", N), Outcome.TooDeep),
        ["nested case when"] = new(Repeat("{% case a %}{% when 1 %}", N) + Repeat("{% endcase %}", N), Outcome.TooDeep),
        ["nested capture"] = new(Repeat("{% capture c %}", N) + Repeat("{% endcapture %}", N), Outcome.TooDeep),
        ["nested tablerow"] = new(Repeat("{% tablerow i in (1..2) %}", N) + Repeat("{% endtablerow %}", N), Outcome.TooDeep),
        ["nested liquid tags"] = new("{% " + Repeat("liquid ", N) + "echo 1 %}", Outcome.TooDeep),

        // Shapes Fluid does not nest: refused early or harmless.
        ["comparison chain"] = new("{% if a" + Repeat(" == a", 100_000) + " %}x{% endif %}", Outcome.SyntaxError),
        ["contains chain"] = new("{% if a" + Repeat(" contains a", 100_000) + " %}x{% endif %}", Outcome.SyntaxError),
        ["member chain"] = new("{{ a" + Repeat(".b", 100_000) + " }}", Outcome.Accepted),
        ["index chain"] = new("{{ a" + Repeat("[0]", 100_000) + " }}", Outcome.Accepted),
        ["elsif chain"] = new("{% if a %}" + Repeat("{% elsif a %}x", N) + "{% endif %}", Outcome.Accepted),
        ["when chain"] = new("{% case a %}" + Repeat("{% when 1 %}x", N) + "{% endcase %}", Outcome.Accepted),
        ["long cycle"] = new("{% cycle " + string.Join(", ", Enumerable.Range(0, N)) + " %}", Outcome.Accepted),
        ["nested comment"] = new(Repeat("{% comment %}", 100_000) + Repeat("{% endcomment %}", 100_000), Outcome.SyntaxError),
        ["comment holding nested if"] = new("{% comment %}" + Repeat("{% if a %}", 100_000) + "{% endcomment %}", Outcome.Accepted),
        ["inline comment holding parentheses"] = new("{% # " + Repeat("(", 100_000) + " %}", Outcome.Accepted),
        ["nested raw"] = new(Repeat("{% raw %}", 100_000) + Repeat("{% endraw %}", 100_000), Outcome.SyntaxError),
        ["raw holding nested if"] = new("{% raw %}" + Repeat("{% if a %}", 100_000) + "{% endraw %}", Outcome.Accepted),
        ["raw holding unclosed braces"] = new("{% raw %}" + Repeat("{", 100_000) + "{% endraw %}", Outcome.Accepted),
        ["sequential blocks"] = new(Repeat("{% if a %}x{% endif %}", N), Outcome.Accepted),
        ["unclosed outputs"] = new(Repeat("{{", 100_000), Outcome.SyntaxError),
        ["empty tags"] = new(Repeat("{%%}", 100_000), Outcome.SyntaxError),
        ["Zoho fields nested"] = new(Repeat("${", N) + "Candidates.First Name" + Repeat("}", N), Outcome.SyntaxError),
        ["Zoho fields repeated"] = new(Repeat("${Candidates.First Name} ", N), Outcome.Accepted),

        // Deep HTML: the text part is derived from it. HTML nested past HtmlNesting.MaxParsedDepth is
        // stripped to its text instead of parsed (AngleSharp's parser is quadratic on deep div and li).
        ["nested span"] = new(Repeat("<span>", 100_000) + "x", Outcome.Accepted),
        ["nested b"] = new(Repeat("<b>", 20_000) + "x" + Repeat("</b>", 20_000), Outcome.Accepted),
        ["nested div"] = new(Repeat("<div>", 50_000) + "x" + Repeat("</div>", 50_000), Outcome.Accepted),
        ["nested list items"] = new(Repeat("<ul><li>", 50_000) + "x", Outcome.Accepted),
        ["nested links"] = new(Repeat("<a href=\"https://x.test\">", 10_000) + "x", Outcome.Accepted),
        ["nested table cells"] = new(Repeat("<table><tr><td>", 10_000) + "x", Outcome.Accepted),
        ["nested divs around Liquid"] = new(Repeat("<div>{% if a %}", 20) + "{{ record.first_name }}" + Repeat("{% endif %}</div>", 20), Outcome.Accepted),
    };

    public static TheoryData<string> Names(Outcome outcome)
    {
        var data = new TheoryData<string>();
        foreach (var (name, shape) in All)
        {
            if (shape.Outcome == outcome)
            {
                data.Add(name);
            }
        }

        return data;
    }

    public static TheoryData<string> TooDeep() => Names(Outcome.TooDeep);

    public static TheoryData<string> SyntaxErrors() => Names(Outcome.SyntaxError);

    public static TheoryData<string> Accepted() => Names(Outcome.Accepted);

    public static string Repeat(string value, int count) => string.Concat(Enumerable.Repeat(value, count));
}
