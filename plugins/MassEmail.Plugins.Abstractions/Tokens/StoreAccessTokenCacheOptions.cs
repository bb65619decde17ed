namespace MassEmail.Plugins.Abstractions;

/// <summary>How the store-backed token cache leases a refresh and waits for another instance's.</summary>
public sealed class StoreAccessTokenCacheOptions
{
    /// <summary>
    /// How long one instance may take to get a token before another may try: longer than an issue call with its
    /// retries (three attempts of at most 30 s by default). Default 2 min.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait before reading the store again while another instance refreshes. Default 50 ms.</summary>
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between reads (each wait doubles up to it). Default 1 s.</summary>
    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromSeconds(1);
}
