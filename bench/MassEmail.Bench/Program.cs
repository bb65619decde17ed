using MassEmail.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

// Ctrl-C stops the load and still runs the disposals that kill the server and delete its database.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return options.Benchmark switch
    {
        GetTemplateBenchmark.Name => await GetTemplateBenchmark.RunAsync(options, cancellation.Token),
        ImportBenchmark.Name => await ImportBenchmark.RunAsync(options, cancellation.Token),
        LimiterBenchmark.Name => await LimiterBenchmark.RunAsync(options, cancellation.Token),
        SendBenchmark.Name => await SendBenchmark.RunAsync(options, cancellation.Token),
        StoreFloor.Name => await StoreFloor.RunAsync(options, cancellation.Token),
        SharedRateBenchmark.Name => await SharedRateBenchmark.RunAsync(options, cancellation.Token),
        _ => Fail($"unknown benchmark '{options.Benchmark}'"),
    };
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Grpc.Core.RpcException)
{
    // Expected failures (server would not start, provisioning failed...) get a message, not an abort.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}\n{BenchOptions.Usage}");
    return 2;
}
