using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class CompiledTemplateCacheTests
{
    private static readonly TemplateContent Content = new("Hi {{ record.first_name }}", "<p>x</p>", null, TemplateEngineKind.Liquid);

    [Fact]
    public void GetOrCompile_SameKey_ReturnsSameInstance()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        var first = cache.GetOrCompile("tpl_1:3", Content);
        var second = cache.GetOrCompile("tpl_1:3", Content with { Subject = "ignored: the key says it is cached" });

        Assert.True(first.Succeeded);
        Assert.Same(first.Template, second.Template);
    }

    [Fact]
    public void GetOrCompile_DifferentKeys_CompileSeparately()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        var v1 = cache.GetOrCompile("tpl_1:1", Content);
        var v2 = cache.GetOrCompile("tpl_1:2", Content);

        Assert.NotSame(v1.Template, v2.Template);
    }

    [Fact]
    public async Task GetOrCompile_ConcurrentCallers_ShareOneInstance()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetOrCompile("tpl_9:1", Content))));

        Assert.Single(results.Select(r => r.Template).Distinct());
    }

    [Fact]
    public void GetOrCompile_SyntaxIssues_AreReturnedAndNotCached()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        var broken = cache.GetOrCompile("tpl_2:1", Content with { HtmlBody = "{{ x | }}" });
        var fixedLater = cache.GetOrCompile("tpl_2:1", Content);

        Assert.False(broken.Succeeded);
        Assert.Equal("html_body", Assert.Single(broken.Issues).Field);
        Assert.True(fixedLater.Succeeded);
    }

    [Fact]
    public void GetOrCompile_PastCapacity_EvictsOldestFirst()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine], capacity: 2);
        var first = cache.GetOrCompile("a", Content);
        var second = cache.GetOrCompile("b", Content);

        cache.GetOrCompile("c", Content);

        Assert.NotSame(first.Template, cache.GetOrCompile("a", Content).Template);
        Assert.NotSame(second.Template, cache.GetOrCompile("b", Content).Template);
    }

    [Fact]
    public void GetOrCompile_NoEngineOfKind_ThrowsEngineDisabled()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        var ex = Assert.Throws<PreconditionFailedException>(
            () => cache.GetOrCompile("tpl_3:1", Content with { Engine = TemplateEngineKind.Razor }));

        Assert.Equal("ENGINE_DISABLED", ex.Type);
        Assert.Equal("engine", ex.Subject);
        Assert.Equal("The Razor template engine is not enabled on this server.", ex.Message);
    }

    [Fact]
    public void Compile_NoEngines_ThrowsEngineDisabled()
    {
        var cache = new CompiledTemplateCache([]);

        var ex = Assert.Throws<PreconditionFailedException>(() => cache.Compile(Content));

        Assert.Equal("ENGINE_DISABLED", ex.Type);
    }

    [Fact]
    public void Compile_Twice_ReturnsFreshTemplates()
    {
        var cache = new CompiledTemplateCache([LiquidTestData.Engine]);

        Assert.NotSame(cache.Compile(Content).Template, cache.Compile(Content).Template);
    }
}
