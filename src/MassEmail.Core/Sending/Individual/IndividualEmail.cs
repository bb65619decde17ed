using MassEmail.Core.Recipients;

namespace MassEmail.Core.Sending.Individual;

/// <summary>
/// One SendEmail call, stored under its idempotency key before anything else happens, so that a retried call never
/// sends twice. <paramref name="Holder"/> and <paramref name="LeaseUntil"/> name the call that works on it
/// while it is <see cref="IndividualEmailState.Pending"/>.
/// </summary>
public sealed record IndividualEmail(
    string Id,
    string OrgId,
    string IdempotencyKey,
    string Fingerprint,
    string UserId,
    RecordModule Module,
    string RecordId,
    string TemplateId,
    IndividualEmailState State,
    string Holder,
    DateTimeOffset LeaseUntil,
    string To,
    string MessageId,
    string Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
