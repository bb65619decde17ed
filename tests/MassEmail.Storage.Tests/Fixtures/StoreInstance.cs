using MassEmail.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>One store (one SQLite file or one Mongo database) with the services registered on it.</summary>
/// <param name="reopen">New services on the same file or database, as a restarted process builds them; null when the
/// fixture cannot reopen.</param>
public sealed class StoreInstance(ServiceProvider services, Func<Task> cleanup, Func<ServiceProvider>? reopen = null) : IAsyncDisposable
{
    public IServiceProvider Services => services;

    /// <summary>
    /// A second instance on the same store with services of its own (a restart, or another process). It owns nothing:
    /// the store goes away with this instance, not with the reopened one.
    /// </summary>
    public StoreInstance Reopen() =>
        new(reopen?.Invoke() ?? throw new InvalidOperationException("This fixture cannot reopen its stores."), () => Task.CompletedTask);

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public Task InitializeAsync() => Get<IStoreInitializer>().InitializeAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await cleanup();
    }
}
