using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassEmail.Contracts.V1;

namespace MassEmail.Bench;

/// <summary>
/// The mass send pipeline through the real server on SQLite with the null transport (accepts
/// instantly, sends nothing): import N candidates, start one send to all of them, and time it from
/// StartMassSend to its completion (snapshot → render → limiter → transport → outcomes stored), sampling
/// the server's resident memory.
/// </summary>
internal static class SendBenchmark
{
    public const string Name = "send";

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var rows = options.Rows;
        // Inherited by the server process (ProcessStartInfo copies this process's environment).
        Environment.SetEnvironmentVariable("Sending__Transport", "null");
        // Batch size, lanes and concurrency are the shipped defaults; they can be tried out from the environment.
        var knobs = string.Join(", ", new[] { "BatchSize", "BatchesInFlight", "Concurrency", "BatchTurn" }
            .Where(k => Environment.GetEnvironmentVariable($"Sending__{k}") is not null)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable($"Sending__{k}")}"));
        var runs = new List<SendRun>();
        for (var i = 1; i <= options.Runs; i++)
        {
            var run = await MeasureAsync(options, rows, ct);
            runs.Add(run);
            Console.WriteLine($"run {i} of {options.Runs}:\n{SendRun.Header}\n{run.Row()}");
        }

        var report = $"""
            {MarkdownReport.RunFacts()}

            {SendRun.Header}
            {string.Join("\n", runs.Select(r => r.Row()))}

            {SendRun.Verdict(runs)}
            """;
        Console.WriteLine(report);
        var description = $"""
            One send to every imported candidate (three custom fields each, or `MASSEMAIL_BENCH_CUSTOM_FIELDS`) through the real server on SQLite, with `Sending:Transport=null`
            (accepts instantly, sends nothing) and the shipped `Sending` defaults{(knobs.Length > 0 ? $" except {knobs}" : "")} (docs/architecture.md
            "Batch size, lanes, concurrency and turns"). Timed from StartMassSend
            to the send's completion, i.e. snapshot, claims, rendering, limiter, transport and stored outcomes: the
            `update_time` of the COMPLETED send (completed, then its unused quota given back), which the bench's 0.5 s poll
            sees up to half a second later (runs before 2026-12-06 23:20 UTC were timed to that poll); RSS sampled every 0.5 s.
            With `--runs N` the bench makes N such runs one after another, each on a fresh server and store, one row each,
            and sums them up by their medians: runs of one build on a shared machine differ by a quarter. **run**: when the run's send started (UTC).
            **StartMassSend**: until the call returned (it counts the audience to reserve the quota). **until SENDING**: until the send left QUEUED, i.e. its snapshot's first rows were written (to the 0.5 s poll); the rest of the snapshot is written while sending. **snapshot written**: until the send had a delivery row for every recipient (to the poll), and **sent/s** the rate of sending while the snapshot was written (from the call's return) and after it. **server CPU** is the cores the server used meanwhile (100 % = one core), **per recipient** its CPU time
            divided by the recipients sent (a cost that noise from other work inflates less than the rate), **server JIT · GC
            pauses** the server's time in the JIT compiler and in GC pauses meanwhile and **allocated per recipient** the bytes
            its GC handed out, each from its runtime metrics (`dotnet_*` at `/metrics`) before and after, and
            **other CPU** what the rest of the machine used: a run where it is high was disturbed. **store floor**: right after, in
            the bench process, the engine's own store writes for the same number of rows (snapshot appends, batch claims,
            a checkpoint with the in-flight mark every window of a lane, as the lanes write them when the calls end at once, releases; the same `Sending` knobs as the server) in one loop through the SQLite adapter on a
            fresh file, without rendering, look-ups, limiter or gRPC (`StoreFloor`), with the bench process's CPU time a row
            meanwhile (the loop is one thread: a low floor at the usual CPU a row waited longer, for the disk or the
            scheduler; a higher CPU a row ran on slower cores or did more work); **share of floor** is the pipeline's
            rate divided by the floor's. **write gate held · a recipient** is the time the writes held the store's write gate
            (SQLite lets one writer in at a time), as a share of the send's time and per recipient, for the server
            (`massemail_sqlite_write_gate_held_seconds_total` at `/metrics`, before and after) and for the floor loop (the
            same counter in the bench process). The share of the floor is the product of two ratios: the send's
            gate held against the floor's, and the floor's time a row against the send's (the same writes take longer
            beside the rest of the pipeline).
            """;
        BenchReadme.WriteSection(options, Name, "Mass send pipeline", description, [
            $"dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
            $"MASSEMAIL_BENCH_ROWS=100000 dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
            $"MASSEMAIL_BENCH_CUSTOM_FIELDS=30 dotnet run -c Release --project bench/MassEmail.Bench -- {Name}",
            $"dotnet run -c Release --project bench/MassEmail.Bench -- {Name} --runs 5",
        ], report);

        return 0;
    }

    /// <summary>One run: a fresh server and store, the import, the send timed to its completion, then the store floor.</summary>
    private static async Task<SendRun> MeasureAsync(BenchOptions options, int rows, CancellationToken ct)
    {
        using var environment = new ServerEnvironment(options.ServerDll ?? RepoLayout.DefaultServerDll());
        var key = await environment.CreateOrganisationAsync("ENTERPRISE", 100_000_000);
        var server = environment.Server;
        await server.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
        var invoker = channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {key}");
            return m;
        });
        await ImportAsync(new RecipientsService.RecipientsServiceClient(invoker), rows, ct);
        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Bench", Subject = "Hello {{ record.first_name }}", HtmlBody = "<p>Hi {{ record.first_name }} {{ record.last_name }}</p>" },
        }, cancellationToken: ct);
        var sends = new MassSendService.MassSendServiceClient(invoker);

        var pid = server.Pid ?? throw new InvalidOperationException($"the server exited:\n{server.OutputTail}");
        var startRss = ImportBenchmark.Rss(pid);
        long peak = startRss;
        using var scrapes = new HttpClient();
        var countersBefore = await ServerCounters.ReadAsync(scrapes, server.Address);
        var cpu = new CpuMeter(() => server.CpuTime);
        var serverCpuStart = server.CpuTime;
        cpu.Start();
        var started = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var send = (await sends.StartMassSendAsync(new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = template.Template.Id,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.Organisation,
            Audience = new Audience { Criteria = new Criteria { Group = new CriteriaGroup() } },
            IdempotencyKey = "bench",
        }, cancellationToken: ct)).Send;
        var startSeconds = watch.Elapsed.TotalSeconds;
        MassSend current;
        double? snapshotSeconds = null;
        (double Seconds, long Sent)? written = null;
        do
        {
            await Task.Delay(500, ct);
            peak = Math.Max(peak, ImportBenchmark.Rss(pid));
            current = (await sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id }, cancellationToken: ct)).Send;
            snapshotSeconds ??= current.State == SendState.Queued ? null : watch.Elapsed.TotalSeconds;
            written ??= current.Counts.Total >= rows ? (watch.Elapsed.TotalSeconds, current.Counts.Sent) : null;
        }
        while (current.State is not (SendState.Completed or SendState.Cancelled));

        watch.Stop();

        // The send's own end, not the poll that saw it (up to 0.5 s later): its last write, on this machine's clock.
        var seconds = Math.Min(watch.Elapsed.TotalSeconds, (current.UpdateTime.ToDateTime() - started).TotalSeconds);
        var (writtenSeconds, sentBefore) = written ?? (seconds, current.Counts.Sent);
        writtenSeconds = Math.Min(writtenSeconds, seconds);
        var during = sentBefore / Math.Max(0.001, writtenSeconds - startSeconds);
        var after = (current.Counts.Sent - sentBefore) / Math.Max(0.001, seconds - writtenSeconds);
        cpu.Stop();
        var counters = await ServerCounters.ReadAsync(scrapes, server.Address) - countersBefore;
        var cpuPerRecipient = (server.CpuTime - serverCpuStart).TotalMicroseconds / Math.Max(1, current.Counts.Sent);
        Console.WriteLine($"pipeline done; measuring the store floor ({rows:N0} rows) ...");
        var floor = await StoreFloor.MeasureAsync(rows, ct);
        return new SendRun(started, rows, current.Counts.Sent, seconds, startSeconds, snapshotSeconds, writtenSeconds, during, after,
            floor, startRss, peak, cpu.ServerCores, cpuPerRecipient, counters, cpu.OtherCores);
    }

    /// <summary>Imports <paramref name="rows"/> generated candidates (<see cref="ImportBenchmark.Row"/>) in one client stream.</summary>
    internal static async Task ImportAsync(RecipientsService.RecipientsServiceClient client, int rows, CancellationToken ct)
    {
        using var call = client.ImportRecords(cancellationToken: ct);
        for (var start = 0; start < rows; start += 2000)
        {
            var message = new ImportRecordsRequest { Module = RecordModule.Candidates };
            for (var i = start; i < Math.Min(rows, start + 2000); i++)
            {
                message.Records.Add(ImportBenchmark.Row(i));
            }

            await call.RequestStream.WriteAsync(message, ct);
        }

        await call.RequestStream.CompleteAsync();
        await call;
    }
}
