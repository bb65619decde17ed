using MassEmail.Core.Templates.Rendering;
using static MassEmail.Core.Tests.Rendering.HostileTemplates;

namespace MassEmail.Core.Tests.Rendering;

/// <summary>
/// Each hostile shape is refused as too deep, refused as a syntax error, or accepted, and never
/// runs the parser, rewriter or renderer out of stack (which would kill this test host).
/// </summary>
public sealed class HostileTemplateTests
{
    [Theory]
    [MemberData(nameof(TooDeep), MemberType = typeof(HostileTemplates))]
    public void Compile_DeepShapeInHtmlBody_IsRefusedWithTheNestingLimit(string name)
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", All[name].Html));

        Assert.Equal(LiquidFields.HtmlBody, issue.Field);
        AssertNestingIssue(issue);
    }

    [Theory]
    [MemberData(nameof(TooDeep), MemberType = typeof(HostileTemplates))]
    public void Compile_DeepShapeInTextBody_IsRefusedWithTheNestingLimit(string name)
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", "<p>ok</p>", All[name].Html));

        Assert.Equal(LiquidFields.TextBody, issue.Field);
        AssertNestingIssue(issue);
    }

    [Theory]
    [InlineData("parentheses")]
    [InlineData("filter chain")]
    [InlineData("or chain")]
    [InlineData("nested if")]
    public void Compile_DeepShapeInSubject_IsRefusedWithTheNestingLimit(string name)
    {
        var issue = Assert.Single(LiquidTestData.Issues(All[name].Html, "<p>ok</p>"));

        Assert.Equal(LiquidFields.Subject, issue.Field);
        AssertNestingIssue(issue);
    }

    [Theory]
    [MemberData(nameof(SyntaxErrors), MemberType = typeof(HostileTemplates))]
    public void Compile_ShapeFluidCannotParse_IsASyntaxIssueWithAShortMessage(string name)
    {
        var issues = LiquidTestData.Issues("ok", All[name].Html);

        Assert.NotEmpty(issues);
        Assert.All(issues, issue =>
        {
            Assert.Equal(LiquidFields.HtmlBody, issue.Field);
            Assert.False(issue.ExceedsLimit, issue.Message);
            Assert.InRange(issue.Message.Length, 1, 300);
        });
    }

    [Theory]
    [MemberData(nameof(Accepted), MemberType = typeof(HostileTemplates))]
    public async Task Compile_FlatShape_CompilesAndRenders(string name)
    {
        var message = await LiquidTestData.RenderAsync("ok", All[name].Html);

        Assert.Equal("ok", message.Subject);
        Assert.NotNull(message.TextBody);
    }

    [Fact]
    public async Task Compile_DeepHtml_DerivesTheTextInside()
    {
        var message = await LiquidTestData.RenderAsync("ok", All["nested span"].Html);

        Assert.Equal("x", message.TextBody);
    }

    [Fact]
    public void Compile_NestingIssue_PointsAtTheConstructThatGoesTooDeep()
    {
        var html = "<p>\n" + Repeat("{% if a %}", Depth) + Repeat("{% endif %}", Depth);

        var issue = Assert.Single(LiquidTestData.Issues("ok", html));

        // The condition of the last if would be the 101st level: the issue points just before it.
        Assert.Equal((2, ((Depth - 1) * 10) + 6), (issue.Line, issue.Column));
    }

    [Fact]
    public void Compile_NestedIfsAtTheLimit_CompileAndOneMoreIsRefused()
    {
        // Each if is a level, and the condition and body inside the innermost one are one more.
        var deepest = Repeat("{% if true %}", Depth - 1) + "x" + Repeat("{% endif %}", Depth - 1);
        var tooDeep = Repeat("{% if true %}", Depth) + "x" + Repeat("{% endif %}", Depth);

        Assert.Empty(LiquidTestData.Engine.Compile(Content(deepest)).Issues);
        AssertNestingIssue(Assert.Single(LiquidTestData.Issues("ok", tooDeep)));
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("index access")]
    [InlineData("filters")]
    [InlineData("blocks and index access")]
    public async Task RenderAsync_DeepestAcceptedShapes_FitInHalfAThreadPoolStack(string shape)
    {
        var html = shape switch
        {
            "blocks" => Repeat("{% if true %}{% unless false %}", (Depth / 2) - 1) + "{{ x }}" + Repeat("{% endunless %}{% endif %}", (Depth / 2) - 1),
            "index access" => "{{ a" + Repeat("[a", Depth - 3) + Repeat("]", Depth - 3) + " }}",
            "filters" => "{{ x" + Repeat(" | append: 'a'", Depth - 3) + " }}",
            _ => Repeat("{% for i in (1..1) %}", 9) + Repeat("{% if true %}", (Depth / 2) - 9) + "{{ a" + Repeat("[a", (Depth / 2) - 4) + Repeat("]", (Depth / 2) - 4) + " }}"
                + Repeat("{% endif %}", (Depth / 2) - 9) + Repeat("{% endfor %}", 9),
        };

        // Thread-pool threads have 1.5 MB of stack; Fluid's parser takes about 4 KB per level.
        // Were that to grow, this thread would run out and the host would crash: a loud failure.
        var rendered = await OnThreadWithStack(768 * 1024, () => LiquidTestData.RenderAsync(html, html, html));

        Assert.NotNull(rendered.TextBody);
    }

    [Fact]
    public async Task RenderAsync_RangeInsideAnIndex_IsBoundedLikeAnyRange()
    {
        var template = LiquidTestData.Compile("ok", "{{ record[(1..1000000)] }}");

        var e = await Assert.ThrowsAsync<TemplateRenderException>(() => template.RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());

        Assert.Contains("range of more than", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(LiquidSandboxOptions.MaxNestingDepthCeiling + 1)]
    public void Options_NestingDepthOutOfRange_AreRefused(int depth)
    {
        var options = new LiquidSandboxOptions { MaxNestingDepth = depth };

        Assert.False(options.IsValid);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiquidTemplateEngine(options));
    }

    private static int Depth => LiquidSandboxOptions.DefaultMaxNestingDepth;

    private static TemplateContent Content(string html) => new("ok", html, null, TemplateEngineKind.Liquid);

    private static Task<T> OnThreadWithStack<T>(int stackBytes, Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    // Compiling and rendering complete synchronously: nothing here waits on I/O.
                    done.SetResult(work().GetAwaiter().GetResult());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            stackBytes);
        thread.Start();
        return done.Task;
    }

    private static void AssertNestingIssue(TemplateSyntaxIssue issue)
    {
        Assert.True(issue.ExceedsLimit, issue.Message);
        Assert.Contains($"more than {Depth} levels", issue.Message, StringComparison.Ordinal);
        Assert.Contains("MaxNestingDepth", issue.Message, StringComparison.Ordinal);
        Assert.InRange(issue.Message.Length, 1, 300);
    }
}
