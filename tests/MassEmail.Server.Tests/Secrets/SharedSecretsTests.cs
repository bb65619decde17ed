using System.Reflection;
using System.Xml.Linq;
using MassEmail.Core.Secrets;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Testing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Secrets;

/// <summary>
/// Secrets protected by one instance are readable by every instance on the store, and by the next one started on it:
/// the Data Protection key ring lives in the store (issue 14 groundwork), not in a per-machine folder.
/// </summary>
public abstract class SharedSecretsTests(StoreKind store, ITestOutputHelper output) : IDisposable
{
    private const string Purpose = "test.connection.credentials";
    private readonly List<MassEmailServer> servers = [];

    [SkippableFact]
    public async Task ProtectedThroughOneInstance_UnprotectedThroughAnother()
    {
        var a = Start(shareWith: null);
        var b = Start(shareWith: a);

        var fromA = Protector(a).Protect(Purpose, "zoho-refresh-token-1000.abc");
        var fromB = Protector(b).Protect(Purpose, "mailchimp-key-us21");

        Assert.Equal("zoho-refresh-token-1000.abc", Protector(b).Unprotect(Purpose, fromA));
        Assert.Equal("mailchimp-key-us21", Protector(a).Unprotect(Purpose, fromB));
        Assert.DoesNotContain("zoho-refresh-token", fromA, StringComparison.Ordinal);
        Assert.Single(await KeysAsync(a));
    }

    [SkippableFact]
    public void TamperedOrForeignCiphertext_RefusedWithoutQuotingIt()
    {
        var a = Start(shareWith: null);
        var b = Start(shareWith: a);
        var ciphertext = Protector(a).Protect(Purpose, "s3cret-value");
        var middle = ciphertext.Length / 2;
        var tampered = ciphertext[..middle] + (ciphertext[middle] == 'A' ? 'B' : 'A') + ciphertext[(middle + 1)..];

        foreach (var (purpose, bad) in new[]
                 {
                     (Purpose, tampered),
                     (Purpose, ciphertext[..^4]),
                     ("test.other.purpose", ciphertext),
                     (Purpose, "not base64url at all ***"),
                     (Purpose, ""),
                 })
        {
            var e = Assert.Throws<SecretUnreadableException>(() => Protector(b).Unprotect(purpose, bad));
            Assert.Equal(purpose, e.Purpose);
            Assert.Null(e.InnerException);
            if (bad.Length > 0)
            {
                Assert.DoesNotContain(bad, e.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal("s3cret-value", Protector(b).Unprotect(Purpose, ciphertext));
    }

    [SkippableFact]
    public async Task Restarted_NewInstanceOnTheSameStore_StillUnprotects_AndCreatesNoKey()
    {
        var a = Start(shareWith: null);
        var b = Start(shareWith: a);
        var ciphertext = Protector(b).Protect(Purpose, "token-before-restart");
        var keysBefore = await KeysAsync(a);
        servers.Remove(b);
        b.Dispose();

        var restarted = Start(shareWith: a);

        Assert.Equal("token-before-restart", Protector(restarted).Unprotect(Purpose, ciphertext));
        Assert.Equal(keysBefore, await KeysAsync(restarted));
    }

    [SkippableFact]
    public async Task TwoInstancesStartingAtOnce_OnAnEmptyStore_EachUnprotectsWhatTheOtherProtected()
    {
        var a = Create(shareWith: null);
        var b = Create(shareWith: a);

        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));
        // Past the framework's first two minutes: a key only the other instance has is found by ISecretProtector alone.
        EndFrameworkRefreshWindow(a);
        EndFrameworkRefreshWindow(b);

        var keys = await KeysAsync(a);
        // Which way the race went, for the record: one key (one instance saw the other's) or two (both created one;
        // both are kept, and each instance must read both).
        output.WriteLine($"{store}: {keys.Count} key(s) created by two instances starting at once");
        Assert.InRange(keys.Count, 1, 2);
        var fromA = Protector(a).Protect(Purpose, "from-a");
        var fromB = Protector(b).Protect(Purpose, "from-b");
        Assert.Equal("from-a", Protector(b).Unprotect(Purpose, fromA));
        Assert.Equal("from-b", Protector(a).Unprotect(Purpose, fromB));
    }

    [SkippableFact]
    public async Task KeyCreatedByAnotherInstanceAfterThisOneReadTheRing_StillUnprotected()
    {
        var a = Start(shareWith: null);
        var b = Start(shareWith: a);
        Assert.Equal("warm-up", Protector(b).Unprotect(Purpose, Protector(a).Protect(Purpose, "warm-up")));
        EndFrameworkRefreshWindow(b);

        // The first key revoked through A: A's ring is read again at once and A creates a new key, which B's cached ring
        // (valid for a day) has never seen.
        var first = a.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId;
        a.Services.GetRequiredService<IKeyManager>().RevokeKey(first, "test: a key created after B read the ring");
        var newer = await Progress.WaitAsync(
            () => a.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId,
            id => id != first, id => id, id => $"instance A still protects with the revoked key {id}");
        var ciphertext = Protector(a).Protect(Purpose, "protected-with-the-new-key");
        Assert.Null(b.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(newer, out _));

        Assert.Equal("protected-with-the-new-key", Protector(b).Unprotect(Purpose, ciphertext));
        Assert.Throws<SecretUnreadableException>(() => Protector(b).Unprotect("test.other.purpose", ciphertext));
    }

    [SkippableFact]
    public void KeyRingLoader_StartsAfterTheStoreInitializer()
    {
        var server = Start(shareWith: null);

        var order = server.Services.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();

        var loader = order.IndexOf("DataProtectionHostedService");
        Assert.True(loader >= 0, $"no key ring loader among {string.Join(", ", order)}");
        Assert.True(order.IndexOf(nameof(MassEmail.Server.Hosting.StoreInitializerService)) is var init && init >= 0 && init < loader, string.Join(", ", order));
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// As if B had started more than two minutes ago: the framework then no longer re-reads the ring when it meets an
    /// unknown key (<c>KeyRingProvider.AutoRefreshWindowEnd</c>, internal, set by reflection; fails loudly if renamed).
    /// </summary>
    private static void EndFrameworkRefreshWindow(MassEmailServer server)
    {
        var provider = server.Services.GetRequiredService<IKeyRingProvider>();
        var window = provider.GetType().GetProperty("AutoRefreshWindowEnd", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.NotNull(window);
        window.SetValue(provider, DateTime.MinValue);
    }

    private static ISecretProtector Protector(MassEmailServer server) => server.Services.GetRequiredService<ISecretProtector>();

    /// <summary>The ids of the keys in the store's ring (revocations and other elements left out), sorted.</summary>
    private static async Task<List<string>> KeysAsync(MassEmailServer server) =>
        [.. (await server.Services.GetRequiredService<IDataProtectionKeyStore>().ListAllAsync(CancellationToken.None))
            .Select(e => XElement.Parse(e.Xml))
            .Where(x => x.Name.LocalName == "key")
            .Select(x => (string)x.Attribute("id")!)
            .Order(StringComparer.Ordinal)];

    private MassEmailServer Start(MassEmailServer? shareWith)
    {
        var server = Create(shareWith);
        _ = server.Services;
        return server;
    }

    /// <summary>A server on a fresh store, or on <paramref name="shareWith"/>'s store; not started yet.</summary>
    private MassEmailServer Create(MassEmailServer? shareWith)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        var settings = new Dictionary<string, string?>();
        var server = new MassEmailServer(store, shareWith?.SharingStore(settings) ?? settings);
        servers.Add(server);
        return server;
    }
}

[Trait("Store", "Sqlite")]
public sealed class SharedSecretsSqliteTests(ITestOutputHelper output) : SharedSecretsTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class SharedSecretsMongoTests(ITestOutputHelper output) : SharedSecretsTests(StoreKind.Mongo, output);
