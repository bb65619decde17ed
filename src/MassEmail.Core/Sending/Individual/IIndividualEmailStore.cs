namespace MassEmail.Core.Sending.Individual;

/// <summary>Individual emails by (organisation, idempotency key): the record that makes SendEmail safe to retry.</summary>
public interface IIndividualEmailStore
{
    /// <summary>Stores <paramref name="email"/> when its key is new; otherwise returns what the key holds (Added false).</summary>
    Task<(IndividualEmail Stored, bool Added)> AddAsync(IndividualEmail email, CancellationToken ct);

    /// <summary>The email stored under the key, if any.</summary>
    Task<IndividualEmail?> GetAsync(string orgId, string idempotencyKey, CancellationToken ct);

    /// <summary>
    /// Gives a PENDING email whose lease ended before <paramref name="now"/> to <paramref name="holder"/> until
    /// <paramref name="leaseUntil"/>; false when it is not PENDING or another holder's lease still runs.
    /// </summary>
    Task<bool> TakeOverAsync(string orgId, string idempotencyKey, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Moves the email from <paramref name="from"/> to <paramref name="to"/> with the provider's message id and error,
    /// only while <paramref name="holder"/> holds it in state <paramref name="from"/>; false otherwise (nothing changes).
    /// </summary>
    Task<bool> MoveAsync(
        string orgId, string idempotencyKey, string holder, IndividualEmailState from, IndividualEmailState to, string messageId, string error, DateTimeOffset now, CancellationToken ct);

    /// <summary>Removes a PENDING email <paramref name="holder"/> holds (nothing left, the key is free again); false otherwise.</summary>
    Task<bool> RemovePendingAsync(string orgId, string idempotencyKey, string holder, CancellationToken ct);
}
