namespace MassEmail.Core.Suppressions;

/// <summary>
/// An address that gets no mass email from the organisation, whichever record carries it.
/// </summary>
/// <param name="EmailKey">The address as records key it (<see cref="Email.EmailAddressParser.DuplicateKey"/>): one entry per address.</param>
/// <param name="Email">The normalised address as it was suppressed.</param>
/// <param name="Source">Who added it (e.g. "api", "ses-bounce", "ses-complaint").</param>
/// <param name="Detail">Free text kept with the entry (e.g. the bounce's diagnostic code); may be empty.</param>
public sealed record Suppression(
    string OrgId, string EmailKey, string Email, SuppressionReason Reason, string Source, string Detail, DateTimeOffset At);
