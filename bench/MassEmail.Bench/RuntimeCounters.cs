using System.Net;
using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>
/// The server's runtime counters that tell where a run's CPU went besides the work itself: time in the JIT compiler,
/// GC pauses and bytes allocated, from its Prometheus scrape (<c>/metrics</c> on the gRPC endpoint, HTTP/2
/// cleartext). Two readings give what happened between them.
/// </summary>
internal sealed record RuntimeCounters(double JitSeconds, double GcPauseSeconds, double AllocatedBytes)
{
    public static async Task<RuntimeCounters> ReadAsync(HttpClient http, Uri grpcAddress)
    {
        var scrape = await PrometheusScrape.GetAsync(http, grpcAddress, HttpVersion.Version20);
        return new RuntimeCounters(
            scrape.Sum("dotnet_jit_compilation_time_seconds_total"),
            scrape.Sum("dotnet_gc_pause_time_seconds_total"),
            scrape.Sum("dotnet_gc_heap_total_allocated_bytes_total"));
    }

    public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) =>
        new(after.JitSeconds - before.JitSeconds, after.GcPauseSeconds - before.GcPauseSeconds, after.AllocatedBytes - before.AllocatedBytes);
}
