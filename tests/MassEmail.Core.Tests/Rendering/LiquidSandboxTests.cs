using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

/// <summary>Templates that try to escape the sandbox, and proof that nothing leaks.</summary>
public sealed class LiquidSandboxTests
{
    [Theory]
    [InlineData("{% include '/etc/passwd' %}", "Unknown tag 'include'")]
    [InlineData("{% include '../../../../etc/passwd' %}", "Unknown tag 'include'")]
    [InlineData("{% render 'x' %}", "Unknown tag 'render'")]
    [InlineData("{% render '/etc/passwd' %}", "Unknown tag 'render'")]
    [InlineData("{% ifchanged %}{{ record.first_name }}{% endifchanged %}", "Unknown tag 'ifchanged'")]
    public void Compile_FileTags_AreRejectedAsSyntaxIssues(string html, string message)
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", html));

        Assert.Equal("html_body", issue.Field);
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void Compile_IncludeInsideLiquidTag_IsRejected()
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", "{% liquid\n include '/etc/passwd'\n%}"));

        Assert.Equal("html_body", issue.Field);
        Assert.DoesNotContain("root:", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_DotNetMemberProbes_RenderNothing()
    {
        var probes = new[]
        {
            "record.GetType", "record.GetType.Assembly.Location", "record.Keys", "record.Values", "record.Count",
            "record.first_name.Length", "record.first_name.GetType", "record.first_name.GetType.FullName",
            "unsubscribe_url.Length", "org.name.Chars", "owner.GetHashCode", "record.ToString",
        };
        var html = string.Join("|", probes.Select(p => "[{{ " + p + " }}]"));

        var message = await LiquidTestData.RenderAsync("{{ record.GetType }}{{ record.first_name.Length }}", html, html);

        var expected = string.Join("|", probes.Select(_ => "[]"));
        Assert.Equal(expected, message.HtmlBody);
        Assert.Equal(expected, message.TextBody);
        Assert.Equal("", message.Subject);
    }

    [Fact]
    public async Task RenderAsync_EnvironmentProbes_LeakNothing()
    {
        const string Probes =
            "[{{ env.PATH }}][{{ ENV.PATH }}][{{ Environment.MachineName }}][{{ System.Environment.MachineName }}]"
            + "[{{ environment }}][{{ PATH }}][{{ HOME }}][{{ MachineName }}][{{ record.env.PATH }}]";

        var message = await LiquidTestData.RenderAsync(Probes, Probes, Probes);

        const string Empty = "[][][][][][][][][]";
        Assert.Equal(Empty, message.Subject);
        Assert.Equal(Empty, message.HtmlBody);
        Assert.Equal(Empty, message.TextBody);
        var path = Environment.GetEnvironmentVariable("PATH");
        Assert.False(string.IsNullOrEmpty(path));
        Assert.DoesNotContain(path, message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.MachineName, message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_SerializingMergeValues_ShowsOnlyTheirFields()
    {
        var message = await LiquidTestData.RenderAsync("s", "x", "{{ record | json }}");

        Assert.Equal("{\"first_name\":\"Zo\\u00EB\",\"email\":\"zoe@example.com\"}", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_NowAndNumbers_UseUtcAndInvariantCulture()
    {
        var message = await LiquidTestData.RenderAsync("s", "x", "{{ 'now' | date: '%z' }} {{ 1234.5 | plus: 0.25 }}");

        Assert.Equal("+0000 1234.75", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_HugeRangeLoop_IsRefusedBeforeIterating()
    {
        var template = LiquidTestData.Compile("s", "{% for i in (1..100000000) %}x{% endfor %}");
        var ex = await Assert.ThrowsAsync<TemplateRenderException>(
            () => template.RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());

        Assert.Equal("The template uses a range of more than 200000 items.", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_RangeBoundFromMergeValue_IsLimitedToo()
    {
        var template = LiquidTestData.Compile("s", "{% for i in (1..record.n) %}x{% endfor %}");
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["n"] = 2_000_000_000 });

        await Assert.ThrowsAsync<TemplateRenderException>(() => template.RenderAsync(data, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task RenderAsync_NestedLoopsPastStepLimit_ThrowsSafeMessage()
    {
        var template = LiquidTestData.Compile("s", "{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}");
        var ex = await Assert.ThrowsAsync<TemplateRenderException>(
            () => template.RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());

        Assert.Equal("The html_body template ran too many steps or nested blocks too deeply.", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_NestingDeeperThanLimit_Throws()
    {
        var deep = string.Concat(Enumerable.Repeat("{% for a in (1..1) %}", 12)) + "deep" + string.Concat(Enumerable.Repeat("{% endfor %}", 12));
        var shallow = string.Concat(Enumerable.Repeat("{% for a in (1..1) %}", 5)) + "ok" + string.Concat(Enumerable.Repeat("{% endfor %}", 5));

        var ex = await Assert.ThrowsAsync<TemplateRenderException>(
            () => LiquidTestData.Compile("s", deep).RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());
        var message = await LiquidTestData.RenderAsync("s", shallow);

        Assert.Equal("The html_body template ran too many steps or nested blocks too deeply.", ex.Message);
        Assert.Equal("ok", message.HtmlBody);
    }

    [Theory]
    [InlineData("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")]
    [InlineData("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}")]
    [InlineData("{% capture s %}{% for i in (1..50000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}{% endcapture %}")]
    [InlineData("{% for i in (1..50000) %}xxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}")]
    [InlineData("{% assign a = 'x' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}")]
    public async Task RenderAsync_MemoryBomb_ThrowsInsteadOfGrowing(string html)
    {
        var template = LiquidTestData.Compile("s", html, "t");

        var ex = await Assert.ThrowsAsync<TemplateRenderException>(
            () => template.RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());

        Assert.Equal("The template produced a value longer than 1000000 characters or items.", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_OutputWithinConfiguredLimit_Renders()
    {
        var engine = new LiquidTemplateEngine(new LiquidSandboxOptions { MaxOutputLength = 100 });

        var fits = await LiquidTestData.Compile("s", "{% for i in (1..100) %}x{% endfor %}", "t", engine)
            .RenderAsync(LiquidTestData.Data(), CancellationToken.None);
        var tooLong = LiquidTestData.Compile("s", "{% for i in (1..101) %}x{% endfor %}", "t", engine);

        Assert.Equal(new string('x', 100), fits.HtmlBody);
        await Assert.ThrowsAsync<TemplateRenderException>(() => tooLong.RenderAsync(LiquidTestData.Data(), CancellationToken.None).AsTask());
    }

    [Fact]
    public void Constructor_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiquidTemplateEngine(new LiquidSandboxOptions { MaxSteps = 0 }));
    }
}
