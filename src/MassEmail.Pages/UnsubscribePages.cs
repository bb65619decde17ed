using System.Text.Encodings.Web;
using System.Text.Unicode;
using RazorLight;

namespace MassEmail.Pages;

/// <summary>
/// Renders the unsubscribe and preference pages with RazorLight from the templates embedded in this assembly. One engine per process:
/// the template compiles once (about 2 s the first time) and is cached.
/// </summary>
public sealed class UnsubscribePages
{
    // Encodes values in HTML but leaves letters of every script readable (ż, not &#x17C;).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly RazorLightEngine engine = new RazorLightEngineBuilder()
        .UseEmbeddedResourcesProject(typeof(UnsubscribePages).Assembly, "MassEmail.Pages.Templates")
        // Compile against this assembly's references, not the host's (a test host has no compilation context).
        .SetOperatingAssembly(typeof(UnsubscribePages).Assembly)
        .UseMemoryCachingProvider()
        .AddPrerenderCallbacks(page =>
        {
            if (page is TemplatePageBase template)
            {
                template.HtmlEncoder = Encoder;
            }
        })
        .Build();

    public Task<string> RenderAsync(UnsubscribePage page) => engine.CompileRenderAsync("Unsubscribe", page);

    public Task<string> RenderAsync(PreferencesPage page) => engine.CompileRenderAsync("Preferences", page);
}
