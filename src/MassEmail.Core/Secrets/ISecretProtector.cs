namespace MassEmail.Core.Secrets;

/// <summary>
/// Encrypts secrets to be stored (vendor credentials, access tokens) and decrypts them again, with keys every instance
/// on the store shares. The <c>purpose</c> separates uses: a value protected for one purpose does not unprotect under
/// another, so a ciphertext copied from one field into another is refused.
/// </summary>
public interface ISecretProtector
{
    /// <summary>The ciphertext of <paramref name="plaintext"/> for <paramref name="purpose"/>, as text safe to store.</summary>
    string Protect(string purpose, string plaintext);

    /// <summary>The plaintext of <paramref name="ciphertext"/>.</summary>
    /// <exception cref="SecretUnreadableException">
    /// The ciphertext was changed, was made for another purpose or with a key this store does not hold.
    /// </exception>
    string Unprotect(string purpose, string ciphertext);
}
