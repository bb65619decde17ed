namespace MassEmail.Core.Storage;

/// <summary>
/// Prepares a store at start-up (schema, migrations, indexes). Must be idempotent: every
/// instance runs it on every start, possibly concurrently with other instances.
/// </summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken ct);
}
