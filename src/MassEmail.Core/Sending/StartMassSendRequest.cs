using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>
/// What a caller asks for when starting a mass send. The same idempotency key with the same request (see
/// <see cref="SendFingerprint"/>) returns the same send; with another request it is refused.
/// </summary>
public sealed record StartMassSendRequest(
    RecordModule Module,
    string TemplateId,
    AddressChoice From,
    AddressChoice ReplyTo,
    AudienceSource Audience,
    string IdempotencyKey);
