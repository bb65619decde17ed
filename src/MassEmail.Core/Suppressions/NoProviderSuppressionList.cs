namespace MassEmail.Core.Suppressions;

/// <summary>No mirroring: the default, and what a provider without an account-level list gets.</summary>
public sealed class NoProviderSuppressionList : IProviderSuppressionList
{
    public bool Enabled => false;

    public Task PutAsync(string address, SuppressionReason reason, CancellationToken ct) => Task.CompletedTask;
}
