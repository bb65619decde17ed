namespace MassEmail.Core.Suppressions;

/// <summary>
/// The provider's own account-level suppression list (SES: <c>PutSuppressedDestination</c>, which takes the reasons
/// bounce and complaint only). Suppressions added through the API with one of those reasons are mirrored there when
/// the deployment asks for it; the provider's own bounce and complaint events need no mirroring (SES lists those
/// addresses itself when account-level suppression is on).
/// </summary>
public interface IProviderSuppressionList
{
    /// <summary>True when suppressions are mirrored at all.</summary>
    bool Enabled { get; }

    /// <summary>Puts the address on the provider's list (idempotent); <see cref="Errors.ProviderUnavailableException"/> when it did not take it.</summary>
    Task PutAsync(string address, SuppressionReason reason, CancellationToken ct);
}
