namespace MassEmail.Core.Recipients.Audience;

/// <summary>Who would get mail and who is skipped and why, with the first records of the audience.</summary>
public sealed record AudiencePreview(AudienceCounts Counts, IReadOnlyList<AudienceMember> Sample);
