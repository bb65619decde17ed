using MassEmail.Core.Sending;

namespace MassEmail.Core.Autoresponders;

/// <summary>One email: <see cref="TemplateId"/> sent <see cref="Delay"/> after the previous step (the first: after the enrolment).</summary>
public sealed record AutoresponderStep(string TemplateId, TimeSpan Delay, AddressChoice From, AddressChoice ReplyTo);
