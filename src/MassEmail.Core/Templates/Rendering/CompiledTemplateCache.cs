using System.Collections.Concurrent;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Compiles templates with the engine registered for their <see cref="TemplateEngineKind"/> and
/// keeps successful compilations by a caller-given key. The key must change whenever the content
/// does (template id + version), so an entry is never stale and needs no invalidation.
/// </summary>
public sealed class CompiledTemplateCache
{
    /// <summary>Entries kept before the oldest are evicted.</summary>
    public const int DefaultCapacity = 1_000;

    private readonly Dictionary<TemplateEngineKind, ITemplateEngine> engines;
    private readonly int capacity;
    private readonly ConcurrentDictionary<string, CompileResult> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> insertionOrder = new();

    public CompiledTemplateCache(IEnumerable<ITemplateEngine> engines)
        : this(engines, DefaultCapacity)
    {
    }

    public CompiledTemplateCache(IEnumerable<ITemplateEngine> engines, int capacity)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        // The last registration of a kind wins, as with any other DI override.
        this.engines = engines.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Last());
        this.capacity = capacity;
    }

    /// <summary>
    /// The cached compilation for <paramref name="cacheKey"/>, compiling <paramref name="content"/>
    /// on first use. Only successful compilations are kept, so a template with issues is
    /// re-checked (and reported) every time.
    /// </summary>
    /// <exception cref="PreconditionFailedException">No engine of the content's kind is enabled.</exception>
    public CompileResult GetOrCompile(string cacheKey, TemplateContent content)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheKey);
        if (entries.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var result = Compile(content);
        if (!result.Succeeded)
        {
            return result;
        }

        // Under a race both callers compile, but both get the one instance that was stored.
        var stored = entries.GetOrAdd(cacheKey, result);
        if (ReferenceEquals(stored, result))
        {
            insertionOrder.Enqueue(cacheKey);
            EvictOverflow();
        }

        return stored;
    }

    /// <summary>Compiles without caching: for validation and previews of unsaved content.</summary>
    /// <exception cref="PreconditionFailedException">No engine of the content's kind is enabled.</exception>
    public CompileResult Compile(TemplateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!engines.TryGetValue(content.Engine, out var engine))
        {
            throw new PreconditionFailedException(
                "ENGINE_DISABLED", "engine", $"The {content.Engine} template engine is not enabled on this server.");
        }

        return engine.Compile(content);
    }

    // First in, first out: simpler than LRU and good enough when the working set fits the capacity.
    private void EvictOverflow()
    {
        while (entries.Count > capacity && insertionOrder.TryDequeue(out var oldest))
        {
            entries.TryRemove(oldest, out _);
        }
    }
}
