using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MassEmail.Testing;

/// <summary>
/// The built server (<c>MassEmail.Server.dll</c>) as a separate OS process, configured by environment
/// variables only: for drills that SIGKILL it, benchmarks that measure it, and suites that must see it
/// survive. Each start is a new process on a new free port of 127.0.0.1 with the same configuration (so
/// the same store); it is stopped by its own PID, at the latest when this process exits.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const int KeptOutputLines = 200;

    /// <summary>Launches per <see cref="StartAsync"/> when a server loses the bind to its ports.</summary>
    public const int BindAttempts = 3;

    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly string workingDirectory;
    private readonly Func<int> nextPort;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;
    private GrpcChannel? channel;
    private int linesWritten;

    /// <param name="serverDll">The server binary, e.g. <see cref="CopiedServerDll"/>.</param>
    /// <param name="environment">Configuration of the server (e.g. <c>Storage__Sqlite__Path</c>) on top of this process's
    /// environment; the Kestrel endpoint is added per start.</param>
    /// <param name="workingDirectory">The content root: the binary's folder reads its appsettings.json, an empty folder none.</param>
    /// <param name="ports">Where the ports of each launch come from: <see cref="FreePort.Next"/> unless a test of the launcher says otherwise.</param>
    public ServerProcess(string serverDll, IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory, Func<int>? ports = null)
    {
        nextPort = ports ?? FreePort.Next;
        ServerDll = Path.GetFullPath(serverDll);
        if (!File.Exists(ServerDll))
        {
            throw new FileNotFoundException($"the server binary is not there: {ServerDll}", ServerDll);
        }

        this.environment = new Dictionary<string, string>(environment);
        this.workingDirectory = workingDirectory;
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;
    }

    /// <summary>The server binary that a project reference to MassEmail.Server copied next to the running binaries.</summary>
    public static string CopiedServerDll => Path.Combine(AppContext.BaseDirectory, "MassEmail.Server.dll");

    public string ServerDll { get; }

    /// <summary>The PID of the running process, or null.</summary>
    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    /// <summary>Where the process of the last start serves gRPC (HTTP/2 cleartext).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Where the process of the last start serves the public HTTP endpoint (HTTP/1.1 and HTTP/2 cleartext).</summary>
    public Uri PublicAddress { get; private set; } = null!;

    /// <summary>The last lines the server processes (and admin commands) wrote on stdout and stderr, for failure messages.</summary>
    public string OutputTail => string.Join('\n', output);

    /// <summary>CPU time the running process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var running = process ?? throw new InvalidOperationException("the server was never started");
            running.Refresh();
            return running.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Runs <c>MassEmail.Server admin ARGS --json</c> with the same configuration and returns its result.
    /// Waits while the command works (uses CPU or writes output); throws with its output when it fails.
    /// </summary>
    public async Task<AdminResult> RunAdminAsync(params string[] args)
    {
        var lines = new ConcurrentQueue<string>();
        using var admin = Launch(["admin", .. args, "--json"], ports: null, lines);
        var exitCode = await ChildProcess.WaitForExitAsync(admin, lines, $"admin {args.FirstOrDefault()} is still running");
        var text = string.Join('\n', lines);
        return exitCode == 0
            ? AdminResult.Parse(text)
            : throw new InvalidOperationException($"admin {string.Join(' ', args)} exited with {exitCode}:\n{text}");
    }

    /// <summary>
    /// Starts a new server process on free ports and waits until gRPC health answers SERVING and the process said it
    /// listens on both ports (so that no other server on a port it lost answers for it). A process that lost its bind
    /// (another program took a port between <see cref="FreePort"/>'s check and the server's bind) is relaunched on
    /// fresh ports, at most <see cref="BindAttempts"/> times in all.
    /// </summary>
    public async Task StartAsync()
    {
        if (Pid is not null)
        {
            throw new InvalidOperationException("the server is already running");
        }

        for (var attempt = 1; ; attempt++)
        {
            var launch = new ConcurrentQueue<string>();
            if (await TryStartAsync(launch))
            {
                return;
            }

            if (attempt == BindAttempts)
            {
                throw new InvalidOperationException($"the server lost the bind to its ports {BindAttempts} times:\n{OutputTail}");
            }
        }
    }

    /// <summary>
    /// SIGTERM, as <c>docker stop</c> or systemd sends it: the server shuts down gracefully (its shutdown code runs).
    /// Waits until it exited, while it makes progress.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await Progress.WaitAsync(
            () => running.HasExited,
            exited => exited,
            _ => ChildProcess.ProgressMarker(running, Volatile.Read(ref linesWritten)),
            _ => $"the server is still shutting down after SIGTERM:\n{OutputTail}");
        running.WaitForExit(); // its output, too, has been read to the end
    }

    /// <summary>Launches on fresh ports; false when the process exited because it lost the bind to one of them.</summary>
    private async Task<bool> TryStartAsync(ConcurrentQueue<string> launch)
    {
        var port = nextPort();
        var publicPort = nextPort();
        Address = new Uri($"http://127.0.0.1:{port}");
        PublicAddress = new Uri($"http://127.0.0.1:{publicPort}");
        process?.Dispose();
        process = Launch([], (port, publicPort), launch);
        channel?.Dispose();
        channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var started = process;
        string[] listening = [$"Now listening on: {Address.ToString().TrimEnd('/')}", $"Now listening on: {PublicAddress.ToString().TrimEnd('/')}"];
        return await Progress.WaitAsync<bool?>(
            async () =>
            {
                if (started.HasExited)
                {
                    started.WaitForExit(); // the output, too, has been read to the end
                    return LostBind(launch)
                        ? (bool?)false
                        : throw new InvalidOperationException($"the server exited with {started.ExitCode} while starting:\n{OutputTail}");
                }

                return await IsServingAsync(health) && listening.All(l => launch.Any(line => line.Contains(l, StringComparison.Ordinal))) ? (bool?)true : null;
            },
            outcome => outcome is not null,
            _ => ChildProcess.ProgressMarker(started, Volatile.Read(ref linesWritten)),
            _ => $"the server is not SERVING yet:\n{OutputTail}") ?? false;
    }

    // Kestrel's IOException when an endpoint's port is taken: "Failed to bind to address http://127.0.0.1:N: address already in use."
    private static bool LostBind(IEnumerable<string> lines) =>
        lines.Any(l => l.Contains("Failed to bind to address", StringComparison.Ordinal) || l.Contains("address already in use", StringComparison.OrdinalIgnoreCase));

    /// <summary>SIGKILL: no shutdown code runs, in-flight work is lost mid-way.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } p)
        {
            try
            {
                p.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            p.WaitForExit();
        }
    }

    /// <summary>A call invoker to the running process that sends <paramref name="apiKey"/> with every call.</summary>
    public CallInvoker Invoker(string apiKey) =>
        (channel ?? throw new InvalidOperationException("the server was never started")).Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {apiKey}");
            return metadata;
        });

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        Kill();
        process?.Dispose();
        channel?.Dispose();
    }

    private static async Task<bool> IsServingAsync(Health.HealthClient health)
    {
        try
        {
            var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false; // Not listening yet.
        }
    }

    /// <param name="lines">Also gets every line of output (the tail keeps only the last ones).</param>
    private Process Launch(IEnumerable<string> args, (int Grpc, int Public)? ports, ConcurrentQueue<string>? lines)
    {
        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        if (ports is var (grpc, publicPort))
        {
            start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}";
            // Cleartext HTTP/2 needs prior knowledge: say so whatever the content root's appsettings.json says.
            start.Environment["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
            start.Environment["Kestrel__Endpoints__Public__Url"] = $"http://127.0.0.1:{publicPort}";
            start.Environment["Kestrel__Endpoints__Public__Protocols"] = "Http1AndHttp2";
            // "Now listening on: URL" for each endpoint: how StartAsync knows this process, not another, holds the ports.
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        }

        return ChildProcess.Start(start, line =>
        {
            lines?.Enqueue(line);
            Interlocked.Increment(ref linesWritten);
            output.Enqueue(line);
            while (output.Count > KeptOutputLines && output.TryDequeue(out _))
            {
            }
        });
    }

    private void OnHostExit(object? sender, EventArgs e) => Kill();

    // The muxer running this process (testhost and the bench run under it), else the one on PATH.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
