using MassEmail.Core.Recipients;

namespace MassEmail.Core.Sending.Individual;

/// <summary>One template to one record, for the calling user; the key makes a retried call return the first one's outcome.</summary>
public sealed record SendEmailRequest(RecordModule Module, string RecordId, string TemplateId, AddressChoice From, AddressChoice ReplyTo, string IdempotencyKey);
