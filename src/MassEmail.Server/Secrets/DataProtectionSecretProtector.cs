using System.Security.Cryptography;
using MassEmail.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;

namespace MassEmail.Server.Secrets;

/// <summary>
/// <see cref="ISecretProtector"/> on ASP.NET Core Data Protection, with the key ring in the store
/// (<see cref="StoreXmlRepository"/>). Each purpose gets its own protector under <see cref="RootPurpose"/>.
/// </summary>
/// <remarks>
/// The framework caches the ring for up to a day and looks for a key it does not know only in the first two minutes
/// after start. A key another instance created later (two instances starting on an empty store at once both create
/// one; a key created after this instance read the ring) would stay unknown here until the next daily read. So when a
/// value does not decrypt and the store holds a key this instance's cached ring lacks, it is decrypted once more
/// through a reader that reads the ring from the store afresh and never creates keys.
/// </remarks>
internal sealed class DataProtectionSecretProtector(
    IDataProtectionProvider provider, IKeyRingProvider ring, IKeyManager keys, StoreXmlRepository repository) : ISecretProtector
{
    public const string RootPurpose = "MassEmail.Secrets";

    public string Protect(string purpose, string plaintext) => provider.CreateProtector(RootPurpose, purpose).Protect(plaintext);

    public string Unprotect(string purpose, string ciphertext)
    {
        try
        {
            return provider.CreateProtector(RootPurpose, purpose).Unprotect(ciphertext);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            if (e is CryptographicException && CachedRingIsBehindTheStore())
            {
                return UnprotectFromFreshRing(purpose, ciphertext);
            }

            // Not chained: the framework's message may quote parts of the payload; ours names the purpose only.
            throw new SecretUnreadableException(purpose);
        }
    }

    /// <summary>Whether the store holds a key the cached ring does not (the key manager reads the store each call).</summary>
    private bool CachedRingIsBehindTheStore()
    {
        IKeyRing cached = ring.GetCurrentKeyRing();
        return keys.GetAllKeys().Any(k => !k.IsRevoked && cached.GetAuthenticatedEncryptorByKeyId(k.KeyId, out _) is null);
    }

    private string UnprotectFromFreshRing(string purpose, string ciphertext)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(SecretsServiceCollectionExtensions.ApplicationName).DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = repository);
        using ServiceProvider reader = services.BuildServiceProvider();
        try
        {
            return reader.GetRequiredService<IDataProtectionProvider>().CreateProtector(RootPurpose, purpose).Unprotect(ciphertext);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidOperationException)
        {
            throw new SecretUnreadableException(purpose);
        }
    }
}
