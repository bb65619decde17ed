using MassEmail.Core.Errors;

namespace MassEmail.Core.Tenancy;

/// <summary>Turns a presented API key into a <see cref="Caller"/>, or refuses it without saying why.</summary>
public sealed class ApiKeyAuthenticator(IApiKeyStore keys)
{
    public async Task<Caller> AuthenticateAsync(string? secret, CancellationToken ct)
    {
        if (!ApiKeySecret.TryParse(secret, out var keyId, out var random))
        {
            throw new UnauthenticatedException();
        }

        var credential = await keys.FindCredentialAsync(keyId, ct);
        if (credential is null || credential.Key.IsRevoked || !credential.UserActive || !ApiKeySecret.Matches(random, credential.Key.SecretHash))
        {
            throw new UnauthenticatedException();
        }

        var key = credential.Key;
        return new Caller(key.OrgId, key.UserId, key.Id, key.Permissions);
    }
}
