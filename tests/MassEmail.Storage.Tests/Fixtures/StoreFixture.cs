namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>
/// A store adapter under test: one initialised store shared by a test class (tests use fresh
/// organisations, so they do not see each other's rows), plus fresh ones on demand.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private StoreInstance? main;

    /// <summary>Why this adapter cannot be tested here, or null when it can.</summary>
    public string? UnavailableReason { get; protected set; }

    public StoreCapabilities Capabilities { get; protected set; }

    /// <summary>Why each missing capability is missing, for skip messages.</summary>
    protected Dictionary<StoreCapabilities, string> MissingBecause { get; } = [];

    public bool Has(StoreCapabilities capability) => (Capabilities & capability) == capability;

    /// <summary>The shared store; skips the calling test when the adapter is unavailable.</summary>
    public StoreInstance Store
    {
        get
        {
            Skip.If(UnavailableReason is not null, UnavailableReason);
            return main ?? throw new InvalidOperationException("The fixture was not initialised.");
        }
    }

    /// <summary>Skips the calling test unless the server has <paramref name="capability"/>.</summary>
    public void Require(StoreCapabilities capability)
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);
        Skip.IfNot(
            Has(capability),
            $"{capability} not supported by this server: {MissingBecause.GetValueOrDefault(capability, "probe failed")}");
    }

    /// <summary>A new, empty, not yet initialised store; the caller disposes it.</summary>
    public Task<StoreInstance> OpenFreshAsync()
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);
        return OpenAsync();
    }

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        main = await OpenAsync();
        await main.InitializeAsync();
        await ProbeAsync(main);
    }

    public async Task DisposeAsync()
    {
        if (main is not null)
        {
            await main.DisposeAsync();
        }

        await CleanupAsync();
    }

    protected abstract Task<StoreInstance> OpenAsync();

    /// <summary>Finds out which capabilities the server really has.</summary>
    protected abstract Task ProbeAsync(StoreInstance store);

    /// <summary>Removes what the fixture created, after every store is disposed.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;
}
