using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.OptOut;

/// <summary>
/// The unsubscribe key ring of this process: loaded from the store at start (and written there by the first start of
/// all, from <see cref="SendingOptions.UnsubscribeKey"/> when the operator configured one, else a random key), kept in
/// memory because every message signs a token, and read again when a token names a key this process has not seen
/// (another instance rotated) or when the host refreshes it.
/// </summary>
public sealed class UnsubscribeKeys(ISigningKeyStore store, IOptions<SendingOptions> options, TimeProvider time)
{
    /// <summary>However many tokens name unknown keys, the store is read again at most this often for them.</summary>
    private static readonly TimeSpan UnknownKeyRefresh = TimeSpan.FromSeconds(5);

    private volatile Loaded? loaded;
    private long lastUnknownKeyRefresh = long.MinValue;

    /// <summary>The ring as this process knows it.</summary>
    public SigningKeyRing Ring => Current.Ring;

    internal Loaded Current =>
        loaded ?? throw new InvalidOperationException("The unsubscribe keys are not loaded: the host loads them at start (UnsubscribeKeys.LoadAsync).");

    /// <summary>Reads the stored ring, writing the first one when the store has none (of racing first starts one wins).</summary>
    public async Task<SigningKeyRing> LoadAsync(CancellationToken ct)
    {
        while (true)
        {
            var ring = await store.GetAsync(ct);
            if (ring is null)
            {
                var configured = options.Value.UnsubscribeKey;
                ring = SigningKeyRing.First(options.Value.UnsubscribeKeyId, configured.Length > 0 ? configured : null, time.GetUtcNow());
                if (await store.WriteAsync(ring, 0, ct) != WriteOutcome.Done)
                {
                    continue; // Another instance wrote the first ring: use that one.
                }
            }

            Use(ring);
            return ring;
        }
    }

    /// <summary>A new key signs from now on (in other instances after their next refresh); old keys keep verifying.</summary>
    public Task<SigningKeyRing> RotateAsync(CancellationToken ct) => ChangeAsync(ring => ring.Rotate(time.GetUtcNow()), ct);

    /// <summary>The key stops verifying: links it signed lead to the neutral page. The signing key cannot be retired.</summary>
    public Task<SigningKeyRing> RetireAsync(string keyId, CancellationToken ct) => ChangeAsync(ring => ring.Retire(keyId, time.GetUtcNow()), ct);

    /// <summary>Reads the ring again for a token signed by a key this process does not know, unless that was done just now.</summary>
    internal async Task<bool> RefreshForUnknownKeyAsync(CancellationToken ct)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastUnknownKeyRefresh);
        if ((last != long.MinValue && time.GetElapsedTime(last, now) < UnknownKeyRefresh)
            || Interlocked.CompareExchange(ref lastUnknownKeyRefresh, now, last) != last)
        {
            return false;
        }

        await LoadAsync(ct);
        return true;
    }

    private async Task<SigningKeyRing> ChangeAsync(Func<SigningKeyRing, SigningKeyRing> change, CancellationToken ct)
    {
        while (true)
        {
            var ring = await LoadAsync(ct);
            var next = change(ring);
            if (await store.WriteAsync(next, ring.Version, ct) == WriteOutcome.Done)
            {
                Use(next);
                return next;
            }
        }
    }

    private void Use(SigningKeyRing ring)
    {
        if (loaded?.Ring.Version != ring.Version)
        {
            loaded = new Loaded(ring);
        }
    }

    /// <summary>A ring with its keys ready to sign and verify.</summary>
    internal sealed class Loaded(SigningKeyRing ring)
    {
        private readonly Dictionary<string, TokenKey> verifiers =
            ring.Keys.Where(k => k.RetiredAt is null).ToDictionary(k => k.Id, k => new TokenKey(k), StringComparer.Ordinal);

        public SigningKeyRing Ring => ring;

        public TokenKey Signer => verifiers[ring.Current.Id];

        public TokenKey? Verifier(string keyId) => verifiers.GetValueOrDefault(keyId);
    }
}
