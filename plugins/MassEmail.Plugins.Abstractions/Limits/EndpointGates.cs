using System.Collections.Concurrent;
using MassEmail.Core.Connections;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The <see cref="EndpointGate"/> of each (connection, endpoint), counted in <paramref name="store"/>: the service's
/// store, so every instance on it shares the windows and locks (<see cref="InMemoryEndpointCallStore"/> keeps them in
/// this process only). Each vendor endpoint has its own counts and lock (a locked <c>listsubscribe</c> does not stop
/// <c>addlistsubscribersinbulk</c>).
/// </summary>
public sealed class EndpointGates(IEndpointCallStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Connection, string Endpoint), EndpointGate> gates = new();

    public EndpointGate For(string connectionId, EndpointLimit limit) =>
        gates.GetOrAdd((connectionId, limit.Endpoint), _ => new EndpointGate(connectionId, limit, store, time));
}
