using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Recipients.Audience;

/// <summary>Who an audience is: a saved view, ad-hoc criteria, a mailing list, or explicit records.</summary>
public abstract record AudienceSource;

public sealed record ViewAudience(string ViewId) : AudienceSource;

public sealed record CriteriaAudience(CriteriaNode Criteria) : AudienceSource;

public sealed record ListAudience(string ListId) : AudienceSource;

public sealed record RecordsAudience(IReadOnlyList<string> RecordIds) : AudienceSource;
