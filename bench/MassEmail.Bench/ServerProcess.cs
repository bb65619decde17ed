using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MassEmail.Bench;

/// <summary>
/// The real server running as a child process. It is stopped by its own PID on dispose, and also
/// when the bench process exits some other way, so that no server outlives the bench.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _outputTail = new();

    private ServerProcess(Process process)
    {
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += OnBenchExit;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>The server's last lines of output, for explaining failures.</summary>
    public string RecentOutput => string.Join('\n', _outputTail);

    /// <summary>CPU time the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the server and returns once its gRPC health check answers SERVING.</summary>
    public static async Task<ServerProcess> StartAsync(ServerEnvironment environment, CancellationToken cancellationToken)
    {
        var process = Process.Start(environment.StartInfo()) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process);
        try
        {
            await server.WaitUntilServingAsync(environment.Address, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnBenchExit;
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(Uri address, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{RecentOutput}");
            }

            try
            {
                var reply = await health.CheckAsync(
                    new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > StartupTimeout)
            {
                throw new TimeoutException($"The server was not SERVING after {StartupTimeout}:\n{RecentOutput}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _outputTail.Enqueue(line);
        while (_outputTail.Count > 50 && _outputTail.TryDequeue(out _))
        {
        }
    }

    private void OnBenchExit(object? sender, EventArgs e) => Kill();

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
