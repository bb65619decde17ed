using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// The built server (<c>MassEmail.Server.dll</c>, copied next to the test binaries through the project
/// reference) as a separate OS process, configured by environment variables only. Each start is a new
/// process on a new free port of 127.0.0.1 over the same store; it is stopped by its own PID.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptOutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly string workingDirectory;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;
    private GrpcChannel? channel;

    /// <param name="environment">Configuration of the server (e.g. <c>Storage__Sqlite__Path</c>); the Kestrel endpoint is added per start.</param>
    /// <param name="workingDirectory">The content root: an empty directory keeps the test binaries' appsettings.json out.</param>
    public ServerProcess(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    public static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "MassEmail.Server.dll");

    /// <summary>The PID of the running process, or null.</summary>
    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    /// <summary>The last lines the server processes wrote (stdout and stderr), for failure messages.</summary>
    public string OutputTail => string.Join('\n', output);

    /// <summary>Runs <c>MassEmail.Server admin ...</c> on the same store and returns its standard output.</summary>
    public async Task<string> RunAdminAsync(params string[] args)
    {
        output.Clear();
        using var admin = Launch(["admin", .. args], port: null);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await admin.WaitForExitAsync(timeout.Token);
        admin.WaitForExit(); // the output, too, has been read to its end
        var text = OutputTail;
        return admin.ExitCode == 0 ? text : throw new InvalidOperationException($"admin {string.Join(' ', args)} exited with {admin.ExitCode}:\n{text}");
    }

    /// <summary>Starts a new server process and waits until gRPC health answers SERVING.</summary>
    public async Task StartAsync()
    {
        if (Pid is not null)
        {
            throw new InvalidOperationException("the server is already running");
        }

        var port = FreePort.Next();
        process?.Dispose();
        process = Launch([], port);
        channel?.Dispose();
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode} while starting:\n{OutputTail}");
            }

            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server was not SERVING within {StartTimeout}:\n{OutputTail}");
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight work is lost mid-way.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: false);
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
        Kill();
        process?.Dispose();
        channel?.Dispose();
    }

    private Process Launch(IEnumerable<string> args, int? port)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        if (port is not null)
        {
            start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port}";
            start.Environment["Kestrel__EndpointDefaults__Protocols"] = "Http2";
        }

        var launched = new Process { StartInfo = start };
        launched.OutputDataReceived += (_, e) => Keep(e.Data);
        launched.ErrorDataReceived += (_, e) => Keep(e.Data);
        launched.Start();
        launched.BeginOutputReadLine();
        launched.BeginErrorReadLine();
        return launched;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }

    // The muxer running the tests (testhost runs under it), else the one on PATH.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
