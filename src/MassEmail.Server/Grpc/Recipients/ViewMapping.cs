using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Views;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Conversions of views, lists, subscriptions and audiences.</summary>
internal static class ViewMapping
{
    public static V1.CustomView ToMessage(this CustomView v) => new()
    {
        Id = v.Id,
        Module = v.Module.ToMessage(),
        Name = v.Name,
        Criteria = CriteriaJson.Deserialize(v.CriteriaJson).ToMessage(),
        Version = v.Version,
    };

    public static V1.MailingList ToMessage(this MailingList l) => new()
    {
        Id = l.Id,
        Module = l.Module.ToMessage(),
        Name = l.Name,
        Criteria = l.CriteriaJson is null ? null : CriteriaJson.Deserialize(l.CriteriaJson).ToMessage(),
        CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(l.CreatedAt),
    };

    public static V1.ListSubscription ToMessage(this ListSubscription s) => new()
    {
        ListId = s.ListId,
        RecordId = s.RecordId,
        State = (V1.SubscriptionState)(int)s.State,
        Source = s.Source,
        Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(s.At),
    };

    public static V1.AudienceCounts ToMessage(this AudienceCounts c) => new()
    {
        Total = c.Total,
        ValidEmail = c.ValidEmail,
        Eligible = c.Eligible,
        NoEmail = c.NoEmail,
        InvalidEmail = c.InvalidEmail,
        OptedOut = c.OptedOut,
        UnsubscribedFromList = c.UnsubscribedFromList,
        Duplicate = c.Duplicate,
    };

    public static V1.AudienceMember ToMessage(this AudienceMember m) => new()
    {
        RecordId = m.RecordId,
        ExternalId = m.ExternalId,
        FirstName = m.FirstName,
        LastName = m.LastName,
        Email = m.Email,
        SkipReason = (V1.SkipReason)(int)m.Skip,
        EmailInvalidReason = m.EmailInvalidReason,
    };

    /// <summary>The audience source; shape problems go to <paramref name="check"/>.</summary>
    public static AudienceSource ToCore(this V1.Audience? a, RequestCheck check)
    {
        switch (a?.SourceCase)
        {
            case V1.Audience.SourceOneofCase.ViewId:
                check.Id(a.ViewId, "request.Audience.ViewId");
                return new ViewAudience(a.ViewId);
            case V1.Audience.SourceOneofCase.Criteria:
                return new CriteriaAudience(a.Criteria.ToCore("audience.criteria", check));
            case V1.Audience.SourceOneofCase.ListId:
                check.Id(a.ListId, "request.Audience.ListId");
                return new ListAudience(a.ListId);
            case V1.Audience.SourceOneofCase.RecordIds:
                return new RecordsAudience(a.RecordIds.Ids.ToList());
            default:
                check.Violation("audience", "a view_id, criteria, list_id or record_ids is required");
                return new RecordsAudience([]);
        }
    }
}
