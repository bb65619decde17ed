using MassEmail.Core.Storage;

namespace MassEmail.Storage.Mongo;

/// <summary>Runs the start-up index migration (<see cref="MongoIndexBuilds"/>), which several instances may run at once.</summary>
internal sealed class MongoStoreInitializer(MongoCollections collections) : IStoreInitializer
{
    public Task InitializeAsync(CancellationToken ct) => MongoIndexBuilds.RunAsync(collections, ct);
}
