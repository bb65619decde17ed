using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassEmail.Contracts.V1;

namespace MassEmail.Bench;

/// <summary>
/// The streaming import through the real server: one client stream of generated candidates in
/// messages of 2,000 rows, then the identical stream again (which must change nothing). Reports
/// rows/s and the server's peak resident memory, sampled from /proc while the import runs.
/// </summary>
internal static class ImportBenchmark
{
    public const string Name = "import";
    private const int RowsPerMessage = 2000;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var rows = options.Rows;
        using var environment = new ServerEnvironment(options.ServerDll ?? RepoLayout.DefaultServerDll());
        var key = await environment.CreateOrganisationAsync();
        var server = environment.Server;
        await server.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
        var client = new RecipientsService.RecipientsServiceClient(channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {key}");
            return m;
        }));

        var pid = server.Pid ?? throw new InvalidOperationException($"the server exited:\n{server.OutputTail}");
        var first = await ImportOnceAsync(client, pid, rows, ct);
        var second = await ImportOnceAsync(client, pid, rows, ct);
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            {MarkdownReport.RunFacts()}

            | run | rows | inserted | updated | unchanged | failed | seconds | rows/s | server peak RSS |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            {Row("first import", first)}
            {Row("identical re-import", second)}

            Targets: ≥ 50,000 rows/s on SQLite in both runs, flat memory; the re-import reports 0 changes — {Verdict(first, second)}.
            """);
        Console.WriteLine(report);
        var description = $"""
            `RecipientsService/ImportRecords` through the real server on SQLite: {RowsPerMessage:N0} generated candidates per
            message (names, an address, three custom fields of three types), one client stream. The server's resident
            memory is sampled every 100 ms from /proc while the stream runs.
            """;
        BenchReadme.WriteSection(options, Name, "Recipient import", description, [
            $"dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
            $"MASSEMAIL_BENCH_ROWS=200000 dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
        ], report);

        return 0;
    }

    private sealed record Result(ImportRecordsResponse Response, TimeSpan Elapsed, long PeakRssBytes, long StartRssBytes);

    private static async Task<Result> ImportOnceAsync(RecipientsService.RecipientsServiceClient client, int pid, int rows, CancellationToken ct)
    {
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var startRss = Rss(pid);
        long peak = startRss;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(pid));
                try
                {
                    await Task.Delay(100, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var watch = Stopwatch.StartNew();
        using var call = client.ImportRecords(cancellationToken: ct);
        for (var start = 0; start < rows; start += RowsPerMessage)
        {
            var message = new ImportRecordsRequest { Module = RecordModule.Candidates };
            for (var i = start; i < Math.Min(rows, start + RowsPerMessage); i++)
            {
                message.Records.Add(Row(i));
            }

            await call.RequestStream.WriteAsync(message, ct);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new Result(response, watch.Elapsed, Math.Max(peak, Rss(pid)), startRss);
    }

    internal static RecordInput Row(int i)
    {
        var input = new RecordInput
        {
            ExternalId = string.Create(CultureInfo.InvariantCulture, $"cand-{i:D7}"),
            FirstName = string.Create(CultureInfo.InvariantCulture, $"First{i % 5000}"),
            LastName = string.Create(CultureInfo.InvariantCulture, $"Last{i % 7919}"),
            Email = string.Create(CultureInfo.InvariantCulture, $"candidate{i}@bench.example"),
        };
        input.CustomFields["city"] = new FieldValue { StringValue = (i % 4) switch { 0 => "Berlin", 1 => "Paris", 2 => "London", _ => "Madrid" } };
        input.CustomFields["years"] = new FieldValue { NumberValue = i % 30 };
        input.CustomFields["skills"] = new FieldValue { ListValue = new StringList { Values = { "c#", (i % 2 == 0) ? "sql" : "go" } } };
        for (var field = 4; field <= CustomFields; field++)
        {
            input.CustomFields[string.Create(CultureInfo.InvariantCulture, $"note_{field}")] =
                new FieldValue { StringValue = string.Create(CultureInfo.InvariantCulture, $"note {field} of {i % 97}") };
        }

        return input;
    }

    /// <summary>
    /// Custom fields of each generated record: <c>MASSEMAIL_BENCH_CUSTOM_FIELDS</c>, three unless set and never fewer (a city,
    /// a number and a list); from the fourth on, short texts. CRM records often have dozens.
    /// </summary>
    internal static int CustomFields { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("MASSEMAIL_BENCH_CUSTOM_FIELDS"), CultureInfo.InvariantCulture, out var fields) ? Math.Max(3, fields) : 3;

    /// <summary>Resident set size of the process from /proc (Linux), in bytes; 0 when unreadable.</summary>
    internal static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static string Row(string name, Result r) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.Response.Received:N0} | {r.Response.Inserted:N0} | {r.Response.Updated:N0} | {r.Response.Unchanged:N0} | {r.Response.Failed:N0} | "
        + $"{r.Elapsed.TotalSeconds:0.0} | {Rate(r):N0} | {r.PeakRssBytes / 1048576.0:0} MB (at start {r.StartRssBytes / 1048576.0:0} MB) |");

    // Both runs must reach the rate: the first writes every row, the second only reads them.
    private static string Verdict(Result first, Result second)
    {
        var rateMet = Rate(first) >= 50_000 && Rate(second) >= 50_000;
        var changes = second.Response.Inserted + second.Response.Updated;
        return rateMet && changes == 0 ? "met" : $"{(rateMet ? "rate met" : "rate MISSED")}, {(changes == 0 ? "0 changes" : $"{changes} CHANGES")}";
    }

    private static double Rate(Result r) => r.Response.Received / r.Elapsed.TotalSeconds;
}
