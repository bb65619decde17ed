namespace MassEmail.Bench;

/// <summary>
/// The get-template section of bench/README.md. Each mode's results live in their own block, so a
/// run of one mode keeps the other's last results; the notes block is hand-written and kept.
/// </summary>
internal static class GetTemplateReadme
{
    private const string Section = GetTemplateBenchmark.Name;
    private const string RateBlock = Section + "-rate";
    private const string MaxBlock = Section + "-max";
    private const string NotesBlock = Section + "-notes";

    private const string Header = """
        # Benchmarks

        Console benchmarks that start the real server binary on a free loopback port with a throw-away
        SQLite store and load it through gRPC. They measure the targets of PRODUCT.md §3; they are not
        tests and do not run in CI. Each benchmark rewrites only the text between its own
        `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers.
        """;

    public static void Update(string path, BenchOptions options, LoadResult? rate, LoadResult? max, double targetP99Ms)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : Header;
        var rateText = rate is null
            ? MarkedBlock.Find(text, RateBlock) ?? "_Not run yet._"
            : $"{MarkdownReport.RunFacts()}\n\n{MarkdownReport.Table([rate])}\n{MarkdownReport.Verdict(rate, targetP99Ms)}";
        var maxText = max is null
            ? MarkedBlock.Find(text, MaxBlock) ?? "_Not run yet._"
            : $"{MarkdownReport.RunFacts()}\n\n{MarkdownReport.Table([max])}";
        var notes = MarkedBlock.Find(text, NotesBlock) ?? "_None yet._";

        var section = $"""
            ## GetTemplate over loopback HTTP/2 (`{Section}`)

            Target: p99 < {targetP99Ms:0.#} ms at 2,000 requests/s. One organisation is provisioned with
            `MassEmail.Server admin create-org`, the server is started, one ~4 KB Liquid template is created,
            and `TemplatesService/GetTemplate` is called through {options.Channels} GrpcChannels (HTTP/2,
            multiple connections allowed) with a bearer API key, so every call is authenticated and read from
            the store. Before the runs an unrecorded closed loop of 8 callers warms the JIT on both sides.
            Server and bench share the machine; **other CPU** is what the rest of the machine used meanwhile,
            and a row where it is more than a few % was disturbed.

            - **rate** — open loop: requests are released at a constant rate on a fixed schedule whatever the
              replies, and latency is measured from each request's *scheduled* time, so a stalled server
              cannot hide behind fewer requests (no coordinated omission).
            - **max** — closed loop: N callers each send the next request when their reply arrives; reports
              the saturation throughput (latency there is service time under saturation).

            ```
            dotnet run -c Release --project bench/MassEmail.Bench -- {Section}
            dotnet run -c Release --project bench/MassEmail.Bench -- {Section} --mode rate --rate 2000 --duration 30 --warmup 5
            dotnet run -c Release --project bench/MassEmail.Bench -- {Section} --mode max --concurrency 64
            ```

            ### Constant rate (open loop)

            {MarkedBlock.Wrap(RateBlock, rateText)}

            ### Max throughput (closed loop)

            {MarkedBlock.Wrap(MaxBlock, maxText)}

            ### Notes

            {MarkedBlock.Wrap(NotesBlock, notes)}
            """;
        File.WriteAllText(path, MarkedBlock.Upsert(text, Section, section));
    }
}
