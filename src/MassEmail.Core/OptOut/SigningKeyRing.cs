using System.Security.Cryptography;
using MassEmail.Core.Errors;

namespace MassEmail.Core.OptOut;

/// <summary>
/// The keys that sign unsubscribe tokens, shared by every instance on a store. The newest key that is not retired
/// signs; every key that is not retired verifies, so links sent before a rotation keep working (links never expire).
/// The store writes a ring only over the <see cref="Version"/> it was read at.
/// </summary>
public sealed record SigningKeyRing(long Version, IReadOnlyList<SigningKey> Keys)
{
    /// <summary>The key that signs new tokens.</summary>
    public SigningKey Current => Keys.Last(k => k.RetiredAt is null);

    /// <summary>The ring of a store that has none yet: one key, <paramref name="secret"/> or a new random one.</summary>
    public static SigningKeyRing First(string keyId, string? secret, DateTimeOffset at) =>
        new(1, [new SigningKey(keyId, secret ?? NewSecret(), at, null)]);

    /// <summary>The key with that id that still verifies, or null.</summary>
    public SigningKey? Verifier(string keyId) => Keys.FirstOrDefault(k => k.Id == keyId && k.RetiredAt is null);

    /// <summary>A new random key that signs from now on; the others keep verifying.</summary>
    public SigningKeyRing Rotate(DateTimeOffset at)
    {
        var n = Keys.Count + 1;
        while (Keys.Any(k => k.Id == $"k{n}"))
        {
            n++;
        }

        return new SigningKeyRing(Version + 1, [.. Keys, new SigningKey($"k{n}", NewSecret(), at, null)]);
    }

    /// <summary>Stops a key from verifying: the links it signed lead to the neutral page from then on.</summary>
    public SigningKeyRing Retire(string keyId, DateTimeOffset at)
    {
        var key = Verifier(keyId) ?? throw new NotFoundException("unretired unsubscribe key", keyId);
        if (key == Current)
        {
            throw new PreconditionFailedException(
                "CURRENT_UNSUBSCRIBE_KEY", "unsubscribe_key", $"key '{key.Id}' signs new links: rotate first, then retire it");
        }

        return new SigningKeyRing(Version + 1, [.. Keys.Select(k => k == key ? k with { RetiredAt = at } : k)]);
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
