namespace MassEmail.Server.Telemetry;

/// <summary>
/// Request paths carry secrets (a webhook's <c>/webhooks/{connectionId}/{secret}</c>, an unsubscribe link's token), so
/// the framework categories that write the raw path are capped in code, whatever the configuration says: the hosting
/// diagnostics (its "Request starting" lines and the <c>RequestPath</c> scope it puts on every line of a request, which
/// exists whenever that category is enabled at all) are off, and the routing matcher's and Kestrel's bad-request debug
/// lines are cut. Requests are logged instead by <see cref="Http.RequestLog"/>, with the route's template.
/// </summary>
public static class PathSafeLogging
{
    /// <summary>Each category that writes request paths, and the lowest level it may log at.</summary>
    public static readonly IReadOnlyList<(string Category, LogLevel Level)> Caps =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information),
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information),
    ];

    /// <summary>
    /// After every other configuration of the filters (a configuration reload included): for each cap, drops the rules
    /// that would be chosen over it for its category or one below it, and adds the cap last for every provider a rule
    /// names (and for none), so that it is the rule chosen.
    /// </summary>
    public static IServiceCollection AddPathSafeLogging(this IServiceCollection services) =>
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var providers = options.Rules.Select(r => r.ProviderName).Append(null).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (category, level) in Caps)
            {
                foreach (var rule in options.Rules.Where(r => r.CategoryName is { } c && Overrides(c, category)).ToList())
                {
                    options.Rules.Remove(rule);
                }

                foreach (var provider in providers)
                {
                    options.Rules.Add(new LoggerFilterRule(provider, category, level, null));
                }
            }
        });

    // Could the rule be chosen over the cap for a logger of the category or below it? The filter takes the rule with the
    // longest category among those matching (a prefix, or a prefix and a suffix around one '*'), the last on a tie.
    private static bool Overrides(string ruleCategory, string category)
    {
        if (ruleCategory.Length <= category.Length)
        {
            return false;
        }

        var star = ruleCategory.IndexOf('*', StringComparison.Ordinal);
        var prefix = star < 0 ? ruleCategory : ruleCategory[..star];
        return prefix.StartsWith(category, StringComparison.OrdinalIgnoreCase) || category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
