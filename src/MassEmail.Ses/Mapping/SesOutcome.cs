using MassEmail.Core.Sending.Transport;

namespace MassEmail.Ses.Mapping;

/// <summary>What an SES error answer means for the send pipeline.</summary>
/// <param name="Status">What the pipeline does next.</param>
/// <param name="Cause">For errors that concern the whole send rather than this message: what is wrong and what to do,
/// in the operator's words; it leads the pause reason. Null otherwise.</param>
internal sealed record SesOutcome(SendStatus Status, string? Cause = null);
