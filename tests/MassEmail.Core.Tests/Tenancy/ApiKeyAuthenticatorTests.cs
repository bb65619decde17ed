using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Tenancy;

/// <summary>
/// A key found valid is remembered for <see cref="AuthenticationOptions.KeyCacheSeconds"/>: within it calls read nothing
/// from the store, yet a wrong secret is still refused; a change made elsewhere takes effect when it ends; a forget takes
/// effect at once, also against a lookup in flight; invalid keys are never remembered.
/// </summary>
public sealed class ApiKeyAuthenticatorTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly MemoryApiKeyStore store = new();

    [Fact]
    public async Task Authenticate_RepeatedWithinTheCacheTime_ReadsTheStoreOnce()
    {
        var (secret, _) = AddKey();
        var authenticator = Authenticator(seconds: 5);

        var first = await authenticator.AuthenticateAsync(secret, default);
        time.Advance(TimeSpan.FromSeconds(4.9));
        var again = await authenticator.AuthenticateAsync(secret, default);

        Assert.Equal(first, again);
        Assert.Equal(1, store.Lookups);
    }

    [Fact]
    public async Task Authenticate_WrongSecretOfARememberedKey_IsRefused()
    {
        var (secret, key) = AddKey();
        var authenticator = Authenticator(seconds: 5);
        await authenticator.AuthenticateAsync(secret, default);

        var (forged, _) = ApiKeySecret.Create(key.Id);

        await Assert.ThrowsAsync<UnauthenticatedException>(() => authenticator.AuthenticateAsync(forged, default));
    }

    [Fact]
    public async Task Authenticate_KeyRevokedElsewhere_IsRefusedOnceTheCacheTimeHasPassed()
    {
        var (secret, key) = AddKey();
        var authenticator = Authenticator(seconds: 5);
        await authenticator.AuthenticateAsync(secret, default);

        await store.RevokeAsync(key.OrgId, key.Id, time.GetUtcNow(), default);
        await authenticator.AuthenticateAsync(secret, default);
        time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<UnauthenticatedException>(() => authenticator.AuthenticateAsync(secret, default));
    }

    [Fact]
    public async Task Authenticate_AfterForget_ReadsTheStoreAndSeesTheRevocation()
    {
        var (secret, key) = AddKey();
        var authenticator = Authenticator(seconds: 5);
        await authenticator.AuthenticateAsync(secret, default);

        await store.RevokeAsync(key.OrgId, key.Id, time.GetUtcNow(), default);
        authenticator.Forget(key.Id);

        await Assert.ThrowsAsync<UnauthenticatedException>(() => authenticator.AuthenticateAsync(secret, default));
    }

    [Fact]
    public async Task Authenticate_ForgetAllDuringTheLookup_DoesNotRememberWhatTheLookupFound()
    {
        var (secret, key) = AddKey();
        var authenticator = Authenticator(seconds: 5);
        store.DuringLookup = () =>
        {
            store.Put(key, userActive: false);
            authenticator.ForgetAll();
        };

        await authenticator.AuthenticateAsync(secret, default);
        store.DuringLookup = null;

        await Assert.ThrowsAsync<UnauthenticatedException>(() => authenticator.AuthenticateAsync(secret, default));
    }

    [Fact]
    public async Task Authenticate_InactiveUser_IsNotRememberedSoReactivationWorksAtOnce()
    {
        var (secret, key) = AddKey(userActive: false);
        var authenticator = Authenticator(seconds: 5);
        await Assert.ThrowsAsync<UnauthenticatedException>(() => authenticator.AuthenticateAsync(secret, default));

        store.Put(key, userActive: true);

        Assert.Equal(key.Id, (await authenticator.AuthenticateAsync(secret, default)).KeyId);
    }

    [Fact]
    public async Task Authenticate_CacheTimeZero_ReadsTheStoreOnEveryCall()
    {
        var (secret, _) = AddKey();
        var authenticator = Authenticator(seconds: 0);

        await authenticator.AuthenticateAsync(secret, default);
        await authenticator.AuthenticateAsync(secret, default);

        Assert.Equal(2, store.Lookups);
    }

    private ApiKeyAuthenticator Authenticator(int seconds) =>
        new(store, time, Options.Create(new AuthenticationOptions { KeyCacheSeconds = seconds }));

    private (string Secret, ApiKey Key) AddKey(bool userActive = true)
    {
        var id = Ids.New();
        var (secret, hash) = ApiKeySecret.Create(id);
        var key = new ApiKey(id, Ids.New(), Ids.New(), "key", hash, Permission.TemplatesRead, time.GetUtcNow(), null);
        store.Put(key, userActive);
        return (secret, key);
    }
}
