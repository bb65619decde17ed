using MassEmail.Pages;

namespace MassEmail.Server.Http.OptOut;

/// <summary>The page's language from the request's Accept-Language (by quality, then order); English when unreadable.</summary>
internal static class PageLanguage
{
    public static PageText Of(HttpRequest request)
    {
        try
        {
            var tags = request.GetTypedHeaders().AcceptLanguage
                .Select((value, index) => (Tag: value.Value.Value ?? "", Quality: value.Quality ?? 1, index))
                .Where(l => l.Quality > 0)
                .OrderByDescending(l => l.Quality).ThenBy(l => l.index)
                .Select(l => l.Tag);
            return PageText.For(tags);
        }
        catch (FormatException)
        {
            return PageText.English;
        }
    }
}
