using MassEmail.Core.Storage;

namespace MassEmail.Storage.Mongo;

/// <summary>Creates the indexes of <see cref="MongoIndexes"/>. createIndexes is idempotent, so concurrent starts are safe.</summary>
internal sealed class MongoStoreInitializer(MongoCollections collections) : IStoreInitializer
{
    public Task InitializeAsync(CancellationToken ct) => MongoIndexes.CreateAllAsync(collections, ct);
}
