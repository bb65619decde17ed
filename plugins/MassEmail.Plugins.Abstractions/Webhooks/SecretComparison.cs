using System.Security.Cryptography;
using System.Text;

namespace MassEmail.Plugins.Abstractions;

/// <summary>Comparing a presented secret with the expected one in constant time (no timing oracle on the URL secret).</summary>
public static class SecretComparison
{
    public static bool Matches(string? presented, string? expected) =>
        presented is not null && expected is not null &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
