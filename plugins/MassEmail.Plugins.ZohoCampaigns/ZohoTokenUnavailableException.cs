namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>Zoho accounts gave no access token (issue limit reached, credentials refused, unreachable): try again at <see cref="RetryAt"/>.</summary>
public sealed class ZohoTokenUnavailableException(string message, DateTimeOffset retryAt) : Exception(message)
{
    public DateTimeOffset RetryAt { get; } = retryAt;
}
