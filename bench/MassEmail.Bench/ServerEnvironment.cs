using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MassEmail.Bench;

/// <summary>
/// The configuration shared by the server and its operator command: one binary, one free loopback
/// port, one throw-away SQLite database. Disposing deletes the database files.
/// </summary>
internal sealed class ServerEnvironment : IDisposable
{
    private readonly string _dataDirectory;

    public ServerEnvironment(string serverDll)
    {
        ServerDll = Path.GetFullPath(serverDll);
        if (!File.Exists(ServerDll))
        {
            throw new FileNotFoundException(
                $"Server binary not found: {ServerDll}. Build it (dotnet build -c Release src/MassEmail.Server) or pass --server-dll.");
        }

        _dataDirectory = Path.Combine(Path.GetTempPath(), $"massemail-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory);
        Port = FreeLoopbackPort();
    }

    public string ServerDll { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary><c>dotnet SERVER.dll args...</c> with the bench's configuration in its environment.</summary>
    public ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            // The server reads appsettings.json from its content root, the working directory.
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Kestrel__Endpoints__Grpc__Url"] = Address.ToString().TrimEnd('/');
        // Cleartext HTTP/2 needs prior knowledge: say so even if appsettings.json changes.
        info.Environment["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        info.Environment["Storage__Provider"] = "Sqlite";
        info.Environment["Storage__Sqlite__Path"] = Path.Combine(_dataDirectory, "bench.db");
        info.Environment["Demo__Seed"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // The bench sends no mail, but the SES transport resolves credentials at start: a loopback
        // endpoint makes it use dummy ones instead of walking the AWS chain, whose last step asks
        // the EC2 metadata address off this machine. Metadata lookups are switched off as well.
        info.Environment["Ses__Endpoint"] = "http://127.0.0.1:9";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return info;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not delete {_dataDirectory}: {e.Message}");
        }
    }

    // Kestrel needs a concrete port in its URL; the short race until it binds is acceptable for a bench.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
