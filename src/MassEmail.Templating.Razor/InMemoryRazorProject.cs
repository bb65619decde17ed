using System.Collections.Concurrent;
using RazorLight.Razor;

namespace MassEmail.Templating.Razor;

/// <summary>
/// Template sources by key, for RazorLight's compiler to look up. Keys are content hashes, so a
/// key never changes meaning and RazorLight's own compile cache (by key) never goes stale.
/// </summary>
internal sealed class InMemoryRazorProject : RazorLightProject
{
    private readonly ConcurrentDictionary<string, string> sources = new(StringComparer.Ordinal);

    public void Add(string key, string source) => sources.TryAdd(key, source);

    public override Task<RazorLightProjectItem> GetItemAsync(string templateKey)
    {
        sources.TryGetValue(templateKey, out var source);
        return Task.FromResult<RazorLightProjectItem>(new InMemoryRazorProjectItem(templateKey, source));
    }

    // No _ViewImports: every part is self-contained (RazorLight still adds its default @usings).
    public override Task<IEnumerable<RazorLightProjectItem>> GetImportsAsync(string templateKey) =>
        Task.FromResult(Enumerable.Empty<RazorLightProjectItem>());

    public override Task<IEnumerable<string>> GetKnownKeysAsync() => Task.FromResult<IEnumerable<string>>(sources.Keys.ToList());
}
