using System.Globalization;

namespace MassEmail.Bench;

/// <summary>The command line of the bench: <c>BENCHMARK [--option value]...</c>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: MassEmail.Bench get-template|import|limiter|send|floor|shared-rate [options]
          import                 1,000,000 candidates streamed twice (MASSEMAIL_BENCH_ROWS changes the count)
          send                   one mass send to 1,000,000 candidates on the null transport (MASSEMAIL_BENCH_ROWS)
                                 (import and send: MASSEMAIL_BENCH_CUSTOM_FIELDS custom fields a record, 3 or more; default 3)
          --runs N               send: N runs one after another, each on a fresh server and store, with their medians (default 1)
          floor                  the send's store floor alone, printed (MASSEMAIL_BENCH_ROWS)
          limiter                the send rate limiter alone: --rate (default 100 here) for --duration (default 60 here)
          shared-rate            --processes server processes on one store share one SES account's --rate (default 500 here)
          --processes N[,N...]   shared-rate: how many server processes, one run each (default 2,3)
          --mongo URI            shared-rate: after the SQLite runs, the same on a fresh database of this MongoDB server
          --mode rate|max|both   open-loop constant rate, closed-loop max throughput, or both (default both)
          --rate N               requests/s of the rate run (default 2000)
          --duration S           measured seconds of each run (default 30)
          --warmup S             unrecorded seconds before each run (default 5)
          --channels N           GrpcChannels, each with its own HTTP/2 connection pool (default 4)
          --concurrency N        callers of the max run (default 64)
          --server-dll PATH      server binary (default: src/MassEmail.Server/bin/<this configuration>/...)
          --readme PATH          file whose marked section gets the results (default bench/README.md)
          --no-readme            print the results only
        """;

    public required string Benchmark { get; init; }
    public BenchMode Mode { get; init; } = BenchMode.Both;
    public int Rate { get; init; } = 2000;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public int Channels { get; init; } = 4;
    public int Concurrency { get; init; } = 64;
    public int Runs { get; init; } = 1;
    public IReadOnlyList<int> Processes { get; init; } = [2, 3];
    public string? MongoUri { get; init; }
    public string? ServerDll { get; init; }
    public string? Readme { get; init; }
    public bool NoReadme { get; init; }

    /// <summary>Rows of the import, send and floor benchmarks: <c>MASSEMAIL_BENCH_ROWS</c>, a million unless set.</summary>
    public int Rows { get; init; } =
        int.TryParse(Environment.GetEnvironmentVariable("MASSEMAIL_BENCH_ROWS"), CultureInfo.InvariantCulture, out var rows) ? rows : 1_000_000;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("name the benchmark to run");
        }

        var options = new BenchOptions { Benchmark = args[0] };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-readme")
            {
                options = options with { NoReadme = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--mode" => options with { Mode = Enum.Parse<BenchMode>(value, ignoreCase: true) },
                "--rate" => options with { Rate = Positive(name, value) },
                "--duration" => options with { DurationSeconds = Positive(name, value) },
                "--warmup" => options with { WarmupSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--channels" => options with { Channels = Positive(name, value) },
                "--concurrency" => options with { Concurrency = Positive(name, value) },
                "--runs" => options with { Runs = Positive(name, value) },
                "--processes" => options with { Processes = [.. value.Split(',').Select(v => Positive(name, v))] },
                "--mongo" => options with { MongoUri = value },
                "--server-dll" => options with { ServerDll = value },
                "--readme" => options with { Readme = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");
}
