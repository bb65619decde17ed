using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MassEmail.Testing;

/// <summary>
/// The one free-port helper of the test kit: TCP ports of 127.0.0.1 for servers that need their port before they
/// start (Kestrel endpoints, emulators). Binding port 0, closing and handing the number out is racy (two servers of
/// one test got the same port from the OS), so ports come from a range below the kernel's ephemeral range (which the
/// OS never picks for port-0 binds or outgoing connections), starting at a random place per process; a port is
/// handed out at most once per process, only after a bind to it succeeded, and is reserved across test processes by
/// a lock file held until this process exits. A server that still loses its bind (another program took the port)
/// is relaunched on fresh ports by <see cref="ServerProcess"/>.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20_000;
    private const int MinimumRange = 1_000;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly List<FileStream> Reservations = [];
    private static readonly (int Low, int High) Candidates = CandidateRange(EphemeralRange());
    private static int next = Random.Shared.Next(Candidates.Low, Candidates.High + 1);

    /// <summary>Where the reservations of all test processes on this machine are (one lock file per port).</summary>
    private static string ReservationDirectory => Path.Combine(Path.GetTempPath(), "massemail-test-ports");

    /// <summary>A port of 127.0.0.1 that binds now, that no other call in this process got and no other test process holds.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            var size = Candidates.High - Candidates.Low + 1;
            for (var tried = 0; tried < size; tried++)
            {
                var port = next;
                next = port == Candidates.High ? Candidates.Low : port + 1;
                if (HandedOut.Contains(port) || !Reserve(port) || !Binds(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }

            throw new InvalidOperationException($"no free port left in {Candidates.Low}–{Candidates.High} on 127.0.0.1");
        }
    }

    /// <summary>
    /// Ports to draw from: below the ephemeral range (from 20000, above the usual fixed service ports), else above
    /// it, else 20000–29999 (the bind check and the relaunch are then all that protect).
    /// </summary>
    public static (int Low, int High) CandidateRange((int Low, int High) ephemeral)
    {
        if (ephemeral.Low - 1 - Lowest + 1 >= MinimumRange)
        {
            return (Lowest, ephemeral.Low - 1);
        }

        return IPEndPoint.MaxPort - ephemeral.High >= MinimumRange ? (ephemeral.High + 1, IPEndPoint.MaxPort) : (Lowest, Lowest + 9_999);
    }

    /// <summary>Linux's <c>net.ipv4.ip_local_port_range</c>; its default (32768–60999) where it cannot be read.</summary>
    public static (int Low, int High) EphemeralRange(string path = "/proc/sys/net/ipv4/ip_local_port_range")
    {
        try
        {
            var parts = File.ReadAllText(path).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                && low > 0 && low <= high && high <= IPEndPoint.MaxPort)
            {
                return (low, high);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no /proc: the default below.
        }

        return (32_768, 60_999);
    }

    // An exclusive lock (flock) on a file named after the port, held until this process exits (the kernel drops it
    // when the process dies, however it dies): other test processes skip the port.
    private static bool Reserve(int port)
    {
        try
        {
            Directory.CreateDirectory(ReservationDirectory);
            var file = new FileStream(
                Path.Combine(ReservationDirectory, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Reservations.Add(file);
            return true;
        }
        catch (IOException)
        {
            return false; // Another test process holds it.
        }
        catch (UnauthorizedAccessException)
        {
            return false; // Another user's file: theirs.
        }
    }

    private static bool Binds(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
