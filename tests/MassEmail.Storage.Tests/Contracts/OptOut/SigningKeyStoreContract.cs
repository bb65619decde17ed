using MassEmail.Core.OptOut;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.OptOut;

/// <summary>
/// What every <see cref="ISigningKeyStore"/> must do: keep the one key ring whole, let exactly one of racing writers
/// win. The ring is the store's only one, so each test opens a fresh store.
/// </summary>
public abstract class SigningKeyStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task GetAsync_EmptyStore_Null()
    {
        await using var store = await FreshAsync();

        Assert.Null(await store.Get<ISigningKeyStore>().GetAsync(Ct));
    }

    [SkippableFact]
    public async Task WriteAsync_FirstRing_ReadsBackEveryKeyField()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<ISigningKeyStore>();
        var ring = SigningKeyRing.First("k1", null, TestData.Now()).Rotate(TestData.Now().AddDays(1)).Retire("k1", TestData.Now().AddDays(2));

        Assert.Equal(WriteOutcome.Done, await keys.WriteAsync(ring, 0, Ct));

        var stored = await keys.GetAsync(Ct);
        Assert.NotNull(stored);
        Assert.Equal(ring.Version, stored.Version);
        Assert.Equal(ring.Keys, stored.Keys);
    }

    [SkippableFact]
    public async Task WriteAsync_TwoFirstRingsAtOnce_ExactlyOneWinsAndIsKept()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<ISigningKeyStore>();
        var rings = Enumerable.Range(0, 8).Select(_ => SigningKeyRing.First("k1", null, TestData.Now())).ToList();

        var outcomes = await Task.WhenAll(rings.Select(r => keys.WriteAsync(r, 0, Ct)));

        var winner = Assert.Single(rings.Where((_, i) => outcomes[i] == WriteOutcome.Done));
        Assert.All(outcomes.Where(o => o != WriteOutcome.Done), o => Assert.Equal(WriteOutcome.VersionMismatch, o));
        Assert.Equal(winner.Keys, (await keys.GetAsync(Ct))!.Keys);
    }

    [SkippableFact]
    public async Task WriteAsync_ExpectedVersion_ReplacesOnlyWhileCurrent()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<ISigningKeyStore>();
        var first = SigningKeyRing.First("k1", null, TestData.Now());
        await keys.WriteAsync(first, 0, Ct);
        var rotated = first.Rotate(TestData.Now());
        var rival = first.Rotate(TestData.Now());

        Assert.Equal(WriteOutcome.Done, await keys.WriteAsync(rotated, first.Version, Ct));
        Assert.Equal(WriteOutcome.VersionMismatch, await keys.WriteAsync(rival, first.Version, Ct));
        Assert.Equal(WriteOutcome.VersionMismatch, await keys.WriteAsync(rival, 0, Ct));

        var stored = await keys.GetAsync(Ct);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(rotated.Keys, stored.Keys);
    }

    private async Task<StoreInstance> FreshAsync()
    {
        var store = await Fixture.OpenFreshAsync();
        await store.InitializeAsync();
        return store;
    }
}
