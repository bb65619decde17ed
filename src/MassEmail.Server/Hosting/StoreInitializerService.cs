using MassEmail.Core.Storage;

namespace MassEmail.Server.Hosting;

/// <summary>Runs the store's schema/index set-up before the server takes calls (hosted services start before Kestrel).</summary>
public sealed class StoreInitializerService(IEnumerable<IStoreInitializer> initializers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
