using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MassEmail.Core.Tenancy;

/// <summary>
/// API key secrets look like <c>mek_&lt;key id&gt;_&lt;random&gt;</c>. The key id makes lookup a point read;
/// the 256 random bits make a fast hash (SHA-256) safe, since nobody can guess them.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "mek_";

    /// <summary>A new secret for <paramref name="keyId"/> and the hash to store.</summary>
    public static (string Secret, byte[] Hash) Create(string keyId)
    {
        var random = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{keyId}_{random}", Hash(random));
    }

    /// <summary>Splits a presented secret into key id and random part; false when it has the wrong shape.</summary>
    public static bool TryParse(string? secret, out string keyId, out string random)
    {
        keyId = random = "";
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length != Prefix.Length + 24 + 1 + 43)
        {
            return false;
        }

        keyId = secret.Substring(Prefix.Length, 24);
        random = secret[(Prefix.Length + 25)..];
        return secret[Prefix.Length + 24] == '_' && Ids.IsWellFormed(keyId);
    }

    public static byte[] Hash(string random) => SHA256.HashData(Encoding.ASCII.GetBytes(random));

    /// <summary>Constant-time comparison, so response timing does not reveal matching prefixes.</summary>
    public static bool Matches(string random, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(random), storedHash);
}
