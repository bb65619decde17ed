using System.Collections.Concurrent;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The <see cref="EndpointGate"/> of each (connection, endpoint) in this process. Each vendor endpoint has its own
/// counter and lock (a locked <c>listsubscribe</c> does not stop <c>addlistsubscribersinbulk</c>).
/// </summary>
public sealed class EndpointGates(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Connection, string Endpoint), EndpointGate> gates = new();

    public EndpointGate For(string connectionId, EndpointLimit limit) =>
        gates.GetOrAdd((connectionId, limit.Endpoint), _ => new EndpointGate(limit, time));
}
