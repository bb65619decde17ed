using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Syncs;

/// <summary>Where the records come from: a view id, a list id, or criteria as <see cref="CriteriaJson"/>.</summary>
public sealed record SyncSource(SyncSourceKind Kind, string Value)
{
    /// <summary>The same source as an audience, to resolve (and check) it as a mass send would.</summary>
    public AudienceSource ToAudience() => Kind switch
    {
        SyncSourceKind.View => new ViewAudience(Value),
        SyncSourceKind.List => new ListAudience(Value),
        _ => new CriteriaAudience(CriteriaJson.Deserialize(Value)),
    };
}
