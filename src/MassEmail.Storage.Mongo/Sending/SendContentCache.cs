using System.Collections.Concurrent;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The template content of sends this process has read, by send id. A send's content is copied at start and never
/// changes (<c>MassSend.ContentJson</c>), so a copy is never stale, on any instance. Bounded by the characters it
/// holds: past the bound it starts over (the sends still sending are read again once).
/// </summary>
internal sealed class SendContentCache(long maxChars = SendContentCache.DefaultMaxChars)
{
    /// <summary>About 64 MB of UTF-16: a few hundred sends at the largest content, thousands at typical sizes.</summary>
    public const long DefaultMaxChars = 32L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, string> contents = new(StringComparer.Ordinal);
    private long chars;

    public bool TryGet(string sendId, out string contentJson) => contents.TryGetValue(sendId, out contentJson!);

    public void Add(string sendId, string contentJson)
    {
        if (Interlocked.Add(ref chars, contentJson.Length) > maxChars)
        {
            contents.Clear();
            Interlocked.Exchange(ref chars, contentJson.Length);
        }

        contents[sendId] = contentJson;
    }
}
