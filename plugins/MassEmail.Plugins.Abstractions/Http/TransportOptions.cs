namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// How a plugin's HTTP client rides out transport trouble (5xx, 408, 429, refused connections): a few quick retries
/// within one call, then the changes come back <see cref="MembershipOutcome.RetryLater"/> after <see cref="OutageBackoff"/>.
/// These waits are wall-clock (they are about sockets); vendor windows and locks run on the plugin's TimeProvider.
/// </summary>
public sealed class TransportOptions
{
    /// <summary>Retries of one request after a transient failure. Default 2.</summary>
    public int RetryAttempts { get; set; } = 2;

    /// <summary>The first retry's delay (exponential, with jitter, after it). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the retries failed: how long the changes wait before the worker tries again. Default 1 min.</summary>
    public TimeSpan OutageBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
