using MassEmail.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>One store (one SQLite file or one Mongo database) with the services registered on it.</summary>
public sealed class StoreInstance(ServiceProvider services, Func<Task> cleanup) : IAsyncDisposable
{
    public IServiceProvider Services => services;

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public Task InitializeAsync() => Get<IStoreInitializer>().InitializeAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await cleanup();
    }
}
