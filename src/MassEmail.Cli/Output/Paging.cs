namespace MassEmail.Cli.Output;

/// <summary>Reads a listing page by page until it ends or holds more than a command's <c>--limit</c>.</summary>
public static class Paging
{
    /// <summary>The items read (at most <paramref name="max"/>; 0 = all) and whether the listing has more.</summary>
    public static async Task<(List<T> Shown, bool More)> CollectAsync<T>(Func<string, Task<(IEnumerable<T> Items, string NextPageToken)>> page, int max)
    {
        var items = new List<T>();
        var token = "";
        do
        {
            var (read, next) = await page(token);
            items.AddRange(read);
            token = next;
        }
        while (token.Length > 0 && (max == 0 || items.Count < max));

        var more = token.Length > 0 || (max > 0 && items.Count > max);
        return (max == 0 ? items : [.. items.Take(max)], more);
    }
}
