using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Bench;

/// <summary>
/// GetTemplate through the real server binary over loopback HTTP/2 (PRODUCT.md §3:
/// p99 &lt; 5 ms at 2,000 requests/s): provision, start, create one template, then load it.
/// </summary>
internal static class GetTemplateBenchmark
{
    public const string Name = "get-template";
    private const double TargetP99Ms = 5;
    private const int PrimingCallers = 8;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        using var environment = new ServerEnvironment(options.ServerDll ?? RepoLayout.DefaultServerDll());
        var server = environment.Server;
        Console.WriteLine($"server: {server.ServerDll}");
        var apiKey = await environment.CreateOrganisationAsync();
        await server.StartAsync();
        Console.WriteLine($"server pid {server.Pid} serving on {server.Address}");

        using var channels = new LoopbackChannels(server.Address, options.Channels);
        var headers = new Metadata { { "authorization", $"Bearer {apiKey}" } };
        var clients = Enumerable.Range(0, channels.Count).Select(i => new TemplatesService.TemplatesServiceClient(channels[i])).ToArray();
        var request = await CreateTemplateAsync(clients, headers, cancellationToken);

        // Requests share one message and one header set: both are only read while sending.
        Task Call(long n) => clients[n % clients.Length].GetTemplateAsync(request, headers, DateTime.UtcNow.AddSeconds(10)).ResponseAsync;
        var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);

        // A cold server runs Tier-0 JIT code: an open loop started at full rate on it builds a
        // backlog of seconds that then spills into the measured window. A closed loop cannot
        // build one, so it warms the JIT on both sides first; its numbers are thrown away.
        Console.WriteLine($"priming: {PrimingCallers} callers closed loop for {options.WarmupSeconds} s");
        _ = await new ClosedLoopRunner(Call, PrimingCallers, TimeSpan.Zero, warmup, new CpuMeter(() => server.CpuTime)).RunAsync(cancellationToken);

        LoadResult? rate = null;
        LoadResult? max = null;
        if (options.Mode is BenchMode.Rate or BenchMode.Both)
        {
            Console.WriteLine($"open loop: {options.Rate} req/s, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured");
            rate = await new OpenLoopRunner(Call, options.Rate, warmup, duration, new CpuMeter(() => server.CpuTime)).RunAsync(cancellationToken);
        }

        if (options.Mode is BenchMode.Max or BenchMode.Both)
        {
            Console.WriteLine($"closed loop: {options.Concurrency} callers, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured");
            max = await new ClosedLoopRunner(Call, options.Concurrency, warmup, duration, new CpuMeter(() => server.CpuTime)).RunAsync(cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new[] { rate, max }.OfType<LoadResult>().ToArray();
        Console.WriteLine();
        Console.WriteLine(MarkdownReport.Table(results));
        if (rate is not null)
        {
            Console.WriteLine(MarkdownReport.Verdict(rate, TargetP99Ms));
            Console.WriteLine(MarkdownReport.PerSecondLine(rate));
        }

        if (!options.NoReadme)
        {
            var readme = options.Readme ?? RepoLayout.DefaultReadme();
            GetTemplateReadme.Update(readme, options, rate, max, TargetP99Ms);
            Console.WriteLine($"updated {readme}");
        }

        if (results.Any(r => r.Errors > 0))
        {
            Console.Error.WriteLine($"calls failed; the server's last output:\n{server.OutputTail}");
            return 1;
        }

        return 0;
    }

    /// <summary>Creates the template and reads it once on every channel, which also opens the connections.</summary>
    private static async Task<GetTemplateRequest> CreateTemplateAsync(
        TemplatesService.TemplatesServiceClient[] clients, Metadata headers, CancellationToken cancellationToken)
    {
        var template = SampleTemplate.Create();
        var created = await clients[0].CreateTemplateAsync(
            new CreateTemplateRequest { Template = template }, headers, cancellationToken: cancellationToken);
        var request = new GetTemplateRequest { Id = created.Template.Id };
        foreach (var client in clients)
        {
            var reply = await client.GetTemplateAsync(request, headers, cancellationToken: cancellationToken);
            if (reply.Template.HtmlBody != template.HtmlBody)
            {
                throw new InvalidOperationException("GetTemplate returned another body than the one created.");
            }
        }

        Console.WriteLine($"template {request.Id}: {template.CalculateSize():N0} bytes");
        return request;
    }
}
