using System.Security.Cryptography;
using MassEmail.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace MassEmail.Server.Secrets;

/// <summary>
/// <see cref="ISecretProtector"/> on ASP.NET Core Data Protection, with the key ring in the store
/// (<see cref="StoreXmlRepository"/>). Each purpose gets its own protector under <see cref="RootPurpose"/>.
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
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
            // Not chained: the framework's message may quote parts of the payload; ours names the purpose only.
            throw new SecretUnreadableException(purpose);
        }
    }
}
