using System.Diagnostics;
using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>
/// One SES account's rate shared by several server processes on one store (issue 10): each process sends through
/// its own <see cref="FakeSes"/> (all reporting the account's MaxSendRate), and the fakes' logs, merged on this
/// process's clock, are what the account received. One send to more candidates than the run can send keeps every
/// process busy; the measured period starts at the first request SES received (joining and sharing out the rate
/// included), and the sliding one-second window runs over every request of the run, the ones after it too.
/// </summary>
internal static class SharedRateBenchmark
{
    public const string Name = "shared-rate";
    private const double Tolerance = 0.05;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        // --rate's default belongs to get-template; this benchmark's default is the issue's MaxSendRate.
        var rate = options.Rate == 2000 ? 500 : options.Rate;
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        var serverDll = options.ServerDll ?? RepoLayout.DefaultServerDll();
        List<string?> stores = options.MongoUri is null ? [null] : [null, options.MongoUri];
        var results = new List<Result>();
        foreach (var mongo in stores)
        {
            foreach (var processes in options.Processes)
            {
                Console.WriteLine($"{processes} processes on {(mongo is null ? "SQLite" : "MongoDB")}, MaxSendRate {rate}/s, {duration.TotalSeconds:0} s …");
                var result = await RunOnceAsync(processes, rate, duration, serverDll, mongo, ct);
                Console.WriteLine(Row(result, rate, duration));
                results.Add(result);
            }
        }

        var met = results.All(r => Math.Abs((r.Achieved / rate) - 1) <= Tolerance && r.Busiest <= rate);
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            {MarkdownReport.RunFacts()}

            | store | processes | MaxSendRate | measured | requests | achieved | deviation | most in any 1 s window | per process | first second | servers' CPU | other CPU |
            |---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|
            {string.Join("\n", results.Select(r => Row(r, rate, duration)))}

            Target: within {Tolerance:P0} of MaxSendRate over the measured period and never above it in any sliding one-second window at SES — {(met ? "meets the target" : "MISSES the target")}.
            """);
        Console.WriteLine(report);
        var description = """
            2 and 3 server processes on one store send one mass send through one SES account: each process has its own
            fake SES (`tests/MassEmail.Testing/FakeSes`, answering 200 after 2–6 ms), all reporting the account's MaxSendRate,
            and the moment each SendEmail arrives is recorded on one clock. **achieved** is the requests of the measured
            period, which starts at the first request SES received (the processes join and share out the rate within it),
            divided by its length; **most in any 1 s window** slides over every request of the run. **first second**: the
            requests of the measured period's first second (what joining costs). The servers run with the shipped
            `Sending` defaults (`appsettings.json` and `SendingOptions`), nothing tuned. **servers' CPU** is the cores all
            server processes used (100 % = one core), **other CPU** what the rest of the machine used besides them and the
            bench: a run where it is high was disturbed. With `--mongo URI` the same runs follow on a fresh MongoDB
            database (dropped afterwards); the second command starts the MongoDB-wire test server CongoDB for it, on which
            the pipeline itself is far slower than the rate (see the notes).
            """;
        BenchReadme.WriteSection(options, Name, "One SES rate shared by several processes", description, [
            $"dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
            $"source tools/lib.sh && start_congodb && dotnet run -c Release --project bench/MassEmail.Bench -- {Name} --mongo \"$MASSEMAIL_TEST_MONGO_URI\"; stop_pid $CONGODB_PID",
        ], report);
        return met ? 0 : 1;
    }

    private static string Row(Result r, int rate, TimeSpan duration) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Store} | {r.Processes} | {rate}/s | {duration.TotalSeconds:0} s | {r.Requests:N0} | {r.Achieved:0.0}/s | {((r.Achieved / rate) - 1) * 100:+0.0;-0.0} % | "
        + $"{r.Busiest} | {string.Join(" / ", r.PerProcess)} | {r.FirstSecond} | {r.ServerCores * 100:0} % | {r.OtherCores * 100:0} % |");

    private static async Task<Result> RunOnceAsync(int processes, int rate, TimeSpan duration, string serverDll, string? mongoUri, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("massemail-bench-rate-").FullName;
        await using var store = new SharedStore(mongoUri, directory);
        var fakes = new List<FakeSes>();
        var servers = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var fake = await FakeSes.StartAsync(new FakeSesOptions
                {
                    MaxSendRate = rate,
                    MinAcceptDelay = TimeSpan.FromMilliseconds(2),
                    MaxAcceptDelay = TimeSpan.FromMilliseconds(6),
                });
                fakes.Add(fake);
                // No Sending setting: the shipped defaults.
                servers.Add(new ServerProcess(serverDll, ServerEnvironment.Settings(store.Environment, fake.BaseAddress.ToString()), ServerEnvironment.WorkingDirectory(serverDll)));
            }

            var key = await ServerEnvironment.CreateOrganisationAsync(servers[0], "ENTERPRISE", 100_000_000);
            await Task.WhenAll(servers.Select(s => s.StartAsync()));
            var invoker = servers[0].Invoker(key);

            // Far more recipients than the run can send: every process has mail to send until the end.
            await SendBenchmark.ImportAsync(new RecipientsService.RecipientsServiceClient(invoker), (int)(rate * (duration.TotalSeconds + 30)), ct);
            var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
            {
                Template = new Template { Name = "Bench", Subject = "Hello {{ record.first_name }}", HtmlBody = "<p>Hi {{ record.first_name }}</p>" },
            }, cancellationToken: ct);
            var cpu = new CpuMeter(() => servers.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.CpuTime));
            await new MassSendService.MassSendServiceClient(invoker).StartMassSendAsync(new StartMassSendRequest
            {
                Module = RecordModule.Candidates,
                TemplateId = template.Template.Id,
                From = AddressChoice.Organisation,
                ReplyTo = AddressChoice.Organisation,
                Audience = new Audience { Criteria = new Criteria { Group = new CriteriaGroup() } },
                IdempotencyKey = "bench-shared-rate",
            }, cancellationToken: ct);

            var first = await Progress.WaitAsync(
                () => fakes.SelectMany(f => f.Requests).Select(r => r.Timestamp).DefaultIfEmpty().Min(),
                at => at != 0,
                _ => servers.Sum(s => s.CpuTime.Ticks),
                _ => $"no request reached SES yet:\n{servers[0].OutputTail}");
            cpu.Start();
            var end = first + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.Delay(TimeSpan.FromSeconds((end - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency) + TimeSpan.FromSeconds(1), ct);
            cpu.Stop();
            servers.ForEach(s => s.Kill());
            foreach (var fake in fakes)
            {
                await fake.WaitIdleAsync();
            }

            var arrivals = fakes.Select(f => f.Requests.Select(r => r.Timestamp).ToList()).ToList();
            var perProcess = arrivals.Select(a => a.Count(t => t >= first && t < end)).ToArray();
            List<long> all = [.. arrivals.SelectMany(a => a).Order()];
            var (busiest, _) = SlidingWindow.Busiest(all, Stopwatch.Frequency);
            return new Result(
                mongoUri is null ? "SQLite" : "MongoDB", processes, perProcess.Sum(), perProcess.Sum() / duration.TotalSeconds, busiest, perProcess,
                all.Count(t => t >= first && t < first + Stopwatch.Frequency), cpu.ServerCores, cpu.OtherCores ?? 0);
        }
        finally
        {
            servers.ForEach(s => s.Dispose());
            foreach (var fake in fakes)
            {
                await fake.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record Result(
        string Store, int Processes, int Requests, double Achieved, int Busiest, int[] PerProcess, int FirstSecond, double ServerCores, double OtherCores);
}
