using System.Net;
using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>
/// The server's counters that tell where a run's time went besides the work itself: time in the JIT compiler, GC
/// pauses and bytes allocated (its runtime's metrics), and the time its writes held the SQLite write gate, from its
/// Prometheus scrape (<c>/metrics</c> on the gRPC endpoint, HTTP/2 cleartext). Two readings give what happened between them.
/// </summary>
internal sealed record ServerCounters(double JitSeconds, double GcPauseSeconds, double AllocatedBytes, double WriteGateSeconds)
{
    public static async Task<ServerCounters> ReadAsync(HttpClient http, Uri grpcAddress)
    {
        var scrape = await PrometheusScrape.GetAsync(http, grpcAddress, HttpVersion.Version20);
        return new ServerCounters(
            scrape.Sum("dotnet_jit_compilation_time_seconds_total"),
            scrape.Sum("dotnet_gc_pause_time_seconds_total"),
            scrape.Sum("dotnet_gc_heap_total_allocated_bytes_total"),
            scrape.Sum("massemail_sqlite_write_gate_held_seconds_total"));
    }

    public static ServerCounters operator -(ServerCounters after, ServerCounters before) => new(
        after.JitSeconds - before.JitSeconds,
        after.GcPauseSeconds - before.GcPauseSeconds,
        after.AllocatedBytes - before.AllocatedBytes,
        after.WriteGateSeconds - before.WriteGateSeconds);
}
