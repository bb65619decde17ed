using System.Collections.Concurrent;
using MassEmail.Core.Errors;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Tenancy;

/// <summary>
/// Turns a presented API key into a <see cref="Caller"/>. A key found valid is remembered for
/// <see cref="AuthenticationOptions.KeyCacheSeconds"/>, so a busy caller does not cost a store read per call; the secret
/// is still checked against the remembered hash on every call. Revocations and deactivations made through this
/// instance call <see cref="Forget"/> / <see cref="ForgetAll"/>; other instances notice within the cache time.
/// </summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore keys, TimeProvider time, IOptions<AuthenticationOptions> options)
{
    /// <summary>At most this many keys are remembered; past it the memory starts again empty.</summary>
    public const int MaxRememberedKeys = 10_000;

    private readonly ConcurrentDictionary<string, Remembered> remembered = new(StringComparer.Ordinal);
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
    private long generation;

    public async Task<Caller> AuthenticateAsync(string? secret, CancellationToken ct)
    {
        if (!ApiKeySecret.TryParse(secret, out var keyId, out var random))
        {
            throw new UnauthenticatedException();
        }

        if (remembered.TryGetValue(keyId, out var known) && time.GetElapsedTime(known.At) < lifetime)
        {
            return ApiKeySecret.Matches(random, known.SecretHash) ? known.Caller : throw new UnauthenticatedException();
        }

        // A forget that happens while the store is read must win over what the read found.
        var before = Interlocked.Read(ref generation);
        var at = time.GetTimestamp();
        var credential = await keys.FindCredentialAsync(keyId, ct);
        if (credential is null || credential.Key.IsRevoked || !credential.UserActive || !ApiKeySecret.Matches(random, credential.Key.SecretHash))
        {
            remembered.TryRemove(keyId, out _);
            throw new UnauthenticatedException();
        }

        var key = credential.Key;
        var caller = new Caller(key.OrgId, key.UserId, key.Id, key.Permissions);
        if (lifetime > TimeSpan.Zero)
        {
            if (remembered.Count >= MaxRememberedKeys)
            {
                remembered.Clear();
            }

            remembered[keyId] = new Remembered(key.SecretHash, caller, at);
            if (Interlocked.Read(ref generation) != before)
            {
                remembered.TryRemove(keyId, out _);
            }
        }

        return caller;
    }

    /// <summary>Forgets one key at once (it was revoked here).</summary>
    public void Forget(string keyId)
    {
        Interlocked.Increment(ref generation);
        remembered.TryRemove(keyId, out _);
    }

    /// <summary>Forgets every key at once (a user was deactivated here; their keys are not known without a read).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref generation);
        remembered.Clear();
    }

    private sealed record Remembered(byte[] SecretHash, Caller Caller, long At);
}
