using System.Net;
using System.Net.Sockets;

namespace MassEmail.Testing;

/// <summary>A TCP port free on 127.0.0.1 right now (the OS picks it; a later bind may still lose a race).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
