using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Suppressions;

/// <summary>
/// An organisation's suppression list: addresses no send mails, whichever record carries them. Addresses are
/// normalised and keyed as records key theirs, so <c>Ana@Example.COM</c> suppresses <c>ana@example.com</c>.
/// </summary>
public sealed class SuppressionService(ISuppressionStore store, IProviderSuppressionList providerList, TimeProvider time)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>Source of entries added through the API.</summary>
    public const string ApiSource = "api";

    public async Task<(Suppression Stored, bool Added)> AddAsync(Caller caller, string email, SuppressionReason reason, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        var (normalized, key) = Parse(email, "email");
        var added = await store.AddAsync(new Suppression(caller.OrgId, key, normalized, reason, ApiSource, "", time.GetUtcNowMs()), ct);

        // After storing, and on every call (the provider's put is idempotent): a caller that retries a failed mirror
        // finds the entry stored and mirrors it again.
        if (providerList.Enabled && reason is SuppressionReason.Bounce or SuppressionReason.Complaint)
        {
            await providerList.PutAsync(normalized, reason, ct);
        }

        return added;
    }

    /// <summary>Lifts the suppression; false when the address was not suppressed.</summary>
    public async Task<bool> RemoveAsync(Caller caller, string email, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        return await store.RemoveAsync(caller.OrgId, Parse(email, "email").Key, ct);
    }

    public async Task<Suppression?> CheckAsync(Caller caller, string email, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return await store.GetAsync(caller.OrgId, Parse(email, "email").Key, ct);
    }

    public async Task<(IReadOnlyList<Suppression> Entries, string NextPageToken)> ListAsync(Caller caller, int pageSize, string? pageToken, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        var size = pageSize == 0 ? DefaultPageSize : pageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ValidationException("page_size", $"must be between 1 and {MaxPageSize}");
        }

        var after = SuppressionPageToken.Decode(pageToken);
        var rows = await store.ListAsync(caller.OrgId, after, size + 1, ct);
        return rows.Count > size ? ([.. rows.Take(size)], SuppressionPageToken.Encode(rows[size - 1].EmailKey)) : (rows, "");
    }

    /// <summary>Suppresses an address on the organisation's behalf (SES events); the stored entry and whether it is new.</summary>
    public Task<(Suppression Stored, bool Added)> SuppressAsync(
        string orgId, string email, SuppressionReason reason, string source, string detail, CancellationToken ct)
    {
        var (normalized, key) = Parse(email, "email");
        return store.AddAsync(new Suppression(orgId, key, normalized, reason, source, detail, time.GetUtcNowMs()), ct);
    }

    /// <summary>The normalised address and its key; <see cref="ValidationException"/> on <paramref name="field"/> when it is not an address.</summary>
    public static (string Normalized, string Key) Parse(string? email, string field)
    {
        if (!EmailAddressParser.TryNormalize(email, out var normalized, out var error))
        {
            throw new ValidationException(field, error);
        }

        return (normalized, KeyOf(normalized));
    }

    /// <summary>The key of an address already normalised (a record's or a delivery's).</summary>
    public static string KeyOf(string normalized) => EmailAddressParser.DuplicateKey(normalized);
}
