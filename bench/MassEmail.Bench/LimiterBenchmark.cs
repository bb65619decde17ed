using System.Diagnostics;
using System.Globalization;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>
/// The send rate limiter alone (no server, no network): 8 concurrent senders take permits from one
/// limiter configured at <c>--rate</c> per second for <c>--duration</c> seconds; the instant each
/// permit is granted is recorded with the high-resolution clock. Reports the achieved rate and the
/// most permits seen in any one-second sliding window.
/// </summary>
internal static class LimiterBenchmark
{
    public const string Name = "limiter";
    private const int Senders = 8;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var rate = options.Rate == 2000 ? 100 : options.Rate;
        var duration = TimeSpan.FromSeconds(options.DurationSeconds == 30 ? 60 : options.DurationSeconds);
        var limiter = new SendRateLimiter(rate, TimeProvider.System);
        var grants = new List<long>[Senders];
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async s =>
        {
            grants[s] = new List<long>(rate * (int)duration.TotalSeconds);
            while (true)
            {
                await limiter.AcquireAsync(ct);
                var now = Stopwatch.GetTimestamp();
                if (now >= stopAt)
                {
                    return;
                }

                grants[s].Add(now);
            }
        }));

        var all = grants.SelectMany(g => g).Order().ToArray();
        var achieved = all.Length / duration.TotalSeconds;
        var maxInWindow = SlidingWindow.Busiest(all, Stopwatch.Frequency).Count;
        var deviation = (achieved - rate) / rate * 100;
        var verdict = Math.Abs(deviation) <= 1 && maxInWindow <= rate ? "meets the target" : "MISSES the target";
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            {MarkdownReport.RunFacts()}

            | configured | duration | permits | achieved rate | deviation | most permits in any 1 s window |
            |---:|---:|---:|---:|---:|---:|
            | {rate}/s | {duration.TotalSeconds:0} s | {all.Length} | {achieved:0.00}/s | {deviation:+0.00;-0.00} % | {maxInWindow} |

            Target: within ±1 % of the configured rate and never above it in any one-second window — {verdict}.
            """);
        Console.WriteLine(report);
        var description = $"""
            The limiter every send passes before each SES call: {Senders} concurrent senders take permits for the whole
            run; each grant instant is recorded (Stopwatch). The 1-second window slides over every grant.
            """;
        BenchReadme.WriteSection(options, Name, "Send rate limiter", description, [
            $"dotnet run -c Release --project bench/MassEmail.Bench -- {Name} --rate 100 --duration 60",
        ], report);

        return 0;
    }
}
