using System.Globalization;

namespace MassEmail.Testing;

/// <summary>One scrape of a Prometheus text exposition (the server's <c>/metrics</c>): its samples, summed by name and labels.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var open = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            string name;
            string rest;
            if (open >= 0 && open < space)
            {
                var close = line.LastIndexOf('}');
                name = line[..open];
                foreach (var pair in line[(open + 1)..close].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }

                rest = line[(close + 1)..].Trim();
            }
            else
            {
                name = line[..space];
                rest = line[(space + 1)..].Trim();
            }

            var value = rest.Split(' ')[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, value));
        }
    }

    /// <summary>The exposition as served, for failure messages.</summary>
    public string Text { get; }

    /// <summary>Whether any sample of the metric is present.</summary>
    public bool Has(string name) => samples.Any(s => s.Name == name);

    /// <summary>Every label name the samples of <paramref name="name"/> carry.</summary>
    public IEnumerable<string> LabelNames(string name) => samples.Where(s => s.Name == name).SelectMany(s => s.Labels.Keys).Distinct();

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/> ("k=v"); 0 when none.</summary>
    public double Sum(string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l[..l.IndexOf('=', StringComparison.Ordinal)], out var v)
                && v == l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .Sum(s => s.Value);

    public static async Task<PrometheusScrape> GetAsync(HttpClient client, Uri address, Version version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/metrics")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? new PrometheusScrape(text)
            : throw new HttpRequestException($"GET /metrics answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }
}
