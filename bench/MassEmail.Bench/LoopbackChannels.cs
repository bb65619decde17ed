using Grpc.Net.Client;

namespace MassEmail.Bench;

/// <summary>
/// Several GrpcChannels to one server, each with its own connection pool, so that the load is not
/// serialised through one HTTP/2 connection's frame writer as a real client fleet's would not be.
/// </summary>
internal sealed class LoopbackChannels : IDisposable
{
    private readonly GrpcChannel[] _channels;

    public LoopbackChannels(Uri address, int count)
    {
        _channels = new GrpcChannel[count];
        for (var i = 0; i < count; i++)
        {
            var handler = new SocketsHttpHandler
            {
                // More than 100 streams in flight (Kestrel's per-connection limit) open another connection instead of queueing.
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                UseProxy = false,
            };
            _channels[i] = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        }
    }

    public int Count => _channels.Length;

    /// <summary>Channel for the n-th request: round robin.</summary>
    public GrpcChannel this[long n] => _channels[n % _channels.Length];

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
