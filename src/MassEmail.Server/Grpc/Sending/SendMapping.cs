using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Server.Grpc.Recipients;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Sending;

/// <summary>Conversions of sends and deliveries.</summary>
internal static class SendMapping
{
    public static V1.MassSend ToMessage(this MassSend s, DeliveryCounts? counts = null) => new()
    {
        Id = s.Id,
        Module = s.Module.ToMessage(),
        TemplateId = s.TemplateId,
        TemplateVersion = s.TemplateVersion,
        From = (V1.AddressChoice)(int)s.FromChoice,
        ReplyTo = (V1.AddressChoice)(int)s.ReplyToChoice,
        Audience = ToMessage(AudienceJson.Deserialize(s.AudienceJson)),
        IdempotencyKey = s.IdempotencyKey,
        State = (V1.SendState)(int)s.State,
        PauseReason = s.PauseReason,
        Reserved = s.Reserved,
        Counts = counts?.ToMessage(),
        CreatedByUserId = s.CreatedByUserId,
        CreateTime = Timestamp.FromDateTimeOffset(s.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(s.UpdatedAt),
        SnapshotError = s.SnapshotError,
        BatchError = s.BatchError,
    };

    public static V1.EngagementCounts ToMessage(this MassEmail.Core.Deliverability.EngagementCounts c) => new()
    {
        Delivered = c.Delivered,
        BouncedPermanent = c.BouncedPermanent,
        BouncedTransient = c.BouncedTransient,
        Complained = c.Complained,
        Opened = c.Opened,
        OpenedUnique = c.OpenedUnique,
        Clicked = c.Clicked,
        ClickedUnique = c.ClickedUnique,
        Unsubscribed = c.Unsubscribed,
    };

    public static V1.DeliveryCounts ToMessage(this DeliveryCounts c) => new()
    {
        Pending = c.Pending,
        Claimed = c.Claimed,
        Sent = c.Sent,
        Failed = c.Failed,
        Skipped = c.Skipped,
        Unknown = c.Unknown,
        Total = c.Total,
    };

    public static V1.Delivery ToMessage(this Delivery d) => new()
    {
        Id = d.Id,
        RecordId = d.RecordId,
        Email = d.Email,
        State = (V1.DeliveryState)(int)d.State,
        SkipReason = (V1.SkipReason)(int)d.Skip,
        Attempts = d.Attempts,
        MessageId = d.MessageId,
        Error = d.Error,
        UpdateTime = Timestamp.FromDateTimeOffset(d.UpdatedAt),
    };

    public static AddressChoice ToCore(V1.AddressChoice choice, string field, RequestCheck check)
    {
        if (choice is V1.AddressChoice.Account or V1.AddressChoice.Organisation or V1.AddressChoice.RecordOwner or V1.AddressChoice.Template)
        {
            return (AddressChoice)(int)choice;
        }

        check.Violation(field, "must be ACCOUNT, ORGANISATION, RECORD_OWNER or TEMPLATE");
        return AddressChoice.Account;
    }

    private static V1.Audience ToMessage(AudienceSource source) => source switch
    {
        ViewAudience v => new V1.Audience { ViewId = v.ViewId },
        ListAudience l => new V1.Audience { ListId = l.ListId },
        RecordsAudience r => new V1.Audience { RecordIds = new V1.RecordIds { Ids = { r.RecordIds } } },
        CriteriaAudience c => new V1.Audience { Criteria = c.Criteria.ToMessage() },
        _ => new V1.Audience(),
    };
}
