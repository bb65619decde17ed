using MassEmail.Core.Connections;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Connections;

/// <summary>
/// What every <see cref="IAccessTokenStore"/> must do: one refresh lease per key at a time (taken again once it ends),
/// the token stored only by the lease's holder, dropped only while it is the token the caller saw, and all of it the same
/// for every instance on the store.
/// </summary>
public abstract class AccessTokenStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_767_261_600_000);

    private IAccessTokenStore Tokens => Store<IAccessTokenStore>();

    [SkippableFact]
    public async Task GetAsync_UnknownKey_Null()
    {
        Assert.Null(await Tokens.GetAsync(Key(), Ct));
    }

    [SkippableFact]
    public async Task TryLease_ThenComplete_TokenStoredAndLeaseEnded()
    {
        var key = Key();

        Assert.True(await Tokens.TryLeaseAsync(key, "a", Now, Now.AddMinutes(1), Ct));
        Assert.Equal(new StoredAccessToken(key, null, null, null, "a", Now.AddMinutes(1)), await Tokens.GetAsync(key, Ct));
        Assert.True(await Tokens.CompleteAsync(key, "a", "cipher-1", "fp-1", Now.AddHours(1), Ct));

        Assert.Equal(new StoredAccessToken(key, "cipher-1", "fp-1", Now.AddHours(1), null, null), await Tokens.GetAsync(key, Ct));
    }

    [SkippableFact]
    public async Task TryLease_HeldByAnother_RefusedUntilItsLeaseEnds()
    {
        var key = Key();
        Assert.True(await Tokens.TryLeaseAsync(key, "a", Now, Now.AddMinutes(1), Ct));

        Assert.False(await Tokens.TryLeaseAsync(key, "b", Now.AddSeconds(59), Now.AddMinutes(2), Ct));
        Assert.False(await Tokens.CompleteAsync(key, "b", "cipher-b", "fp-b", Now.AddHours(1), Ct));
        Assert.True(await Tokens.TryLeaseAsync(key, "b", Now.AddMinutes(1), Now.AddMinutes(2), Ct));

        // A's lease was taken over: its late result is not stored, B's is.
        Assert.False(await Tokens.CompleteAsync(key, "a", "cipher-a", "fp-a", Now.AddHours(1), Ct));
        Assert.True(await Tokens.CompleteAsync(key, "b", "cipher-b", "fp-b", Now.AddHours(1), Ct));
        Assert.Equal("cipher-b", (await Tokens.GetAsync(key, Ct))!.ProtectedToken);
    }

    [SkippableFact]
    public async Task Release_KeepsTheCachedToken_AndFreesTheLease()
    {
        var key = Key();
        await Tokens.TryLeaseAsync(key, "a", Now, Now.AddMinutes(1), Ct);
        await Tokens.CompleteAsync(key, "a", "cipher-1", "fp-1", Now.AddHours(1), Ct);
        Assert.True(await Tokens.TryLeaseAsync(key, "b", Now, Now.AddMinutes(1), Ct));

        await Tokens.ReleaseAsync(key, "a", Ct);
        Assert.Equal("b", (await Tokens.GetAsync(key, Ct))!.Holder);
        await Tokens.ReleaseAsync(key, "b", Ct);

        Assert.Equal(new StoredAccessToken(key, "cipher-1", "fp-1", Now.AddHours(1), null, null), await Tokens.GetAsync(key, Ct));
        Assert.True(await Tokens.TryLeaseAsync(key, "c", Now, Now.AddMinutes(1), Ct));
    }

    [SkippableFact]
    public async Task Invalidate_OnlyWhileTheFingerprintIsCurrent()
    {
        var key = Key();
        await Tokens.TryLeaseAsync(key, "a", Now, Now.AddMinutes(1), Ct);
        await Tokens.CompleteAsync(key, "a", "cipher-2", "fp-2", Now.AddHours(1), Ct);

        Assert.False(await Tokens.InvalidateAsync(key, "fp-1", Ct));
        Assert.Equal("cipher-2", (await Tokens.GetAsync(key, Ct))!.ProtectedToken);
        Assert.False(await Tokens.InvalidateAsync(Key(), "fp-2", Ct));
        Assert.True(await Tokens.InvalidateAsync(key, "fp-2", Ct));

        Assert.Equal(new StoredAccessToken(key, null, null, null, null, null), await Tokens.GetAsync(key, Ct));
        Assert.False(await Tokens.InvalidateAsync(key, "fp-2", Ct));
    }

    [SkippableFact]
    public async Task TryLease_ManyInstancesAtOnce_ExactlyOneWins()
    {
        var key = Key();
        var instances = Enumerable.Range(0, 3).Select(_ => Fixture.Store.Reopen()).ToList();
        try
        {
            var stores = instances.Select(i => i.Get<IAccessTokenStore>()).Append(Tokens).ToList();
            var won = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
                stores[i % stores.Count].TryLeaseAsync(key, $"holder-{i}", Now, Now.AddMinutes(1), Ct))));

            Assert.Single(won, w => w);
            var holder = (await Tokens.GetAsync(key, Ct))!.Holder;
            Assert.Equal($"holder-{Array.IndexOf(won, true)}", holder);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static string Key() => $"zoho-campaigns:{Guid.NewGuid():N}";
}
