using MassEmail.Core;
using MassEmail.Core.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Deliverability;

/// <summary>What every <see cref="IDeliveryEventStore"/> must do: keep each (event, recipient) once, list and count a send's events only.</summary>
public abstract class DeliveryEventStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task RecordAsync_EveryField_ReadBackOnceEvenWhenRecordedAgain()
    {
        var orgId = await NewOrgAsync();
        var sendId = Ids.New(TimeProvider.System);
        var store = Store<IDeliveryEventStore>();
        var bounce = Event(orgId, sendId, "e1", "a@example.com", "Bounce", BounceType.Transient, "MailboxFull");

        await store.RecordAsync([bounce], Ct);
        await store.RecordAsync([bounce, bounce with { Kind = "Changed" }], Ct);

        Assert.Equal([bounce], await store.ListAsync(orgId, sendId, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_MixedEvents_CountedByKindForThatSendOnly()
    {
        var orgId = await NewOrgAsync();
        var sendId = Ids.New(TimeProvider.System);
        var otherSend = Ids.New(TimeProvider.System);
        var store = Store<IDeliveryEventStore>();

        await store.RecordAsync(
            [
                Event(orgId, sendId, "e1", "a@example.com", "Delivery"),
                Event(orgId, sendId, "e2", "b@example.com", "Delivery"),
                Event(orgId, sendId, "e3", "c@example.com", "Bounce", BounceType.Permanent, "General"),
                Event(orgId, sendId, "e4", "d@example.com", "Bounce", BounceType.Permanent, "OnAccountSuppressionList"),
                Event(orgId, sendId, "e5", "e@example.com", "Bounce", BounceType.Transient, "MailboxFull"),
                Event(orgId, sendId, "e6", "f@example.com", "Bounce", BounceType.Undetermined, "Undetermined"),
                Event(orgId, sendId, "e7", "a@example.com", "Complaint"),
                Event(orgId, sendId, "e8", "a@example.com", "Open"),
                Event(orgId, sendId, "e9", "a@example.com", "Click"),
                Event(orgId, sendId, "e11", "a@example.com", "Open"),
                Event(orgId, sendId, "e12", "b@example.com", "Click"),
                Event(orgId, sendId, "e13", "b@example.com", "Click"),
                Event(orgId, sendId, "u1", "c@example.com", DeliveryEvent.UnsubscribeKind),
                Event(orgId, sendId, "u2", "d@example.com", DeliveryEvent.UnsubscribeKind),
                Event(orgId, otherSend, "e10", "a@example.com", "Delivery"),
                Event(orgId, otherSend, "u3", "e@example.com", DeliveryEvent.UnsubscribeKind),
            ],
            Ct);

        Assert.Equal(new EngagementCounts(2, 1, 2, 1, 2, 1, 3, 2, 2), await store.CountAsync(orgId, sendId, Ct));
        Assert.Equal(EngagementCounts.None, await store.CountAsync(orgId, Ids.New(TimeProvider.System), Ct));
    }

    private static DeliveryEvent Event(
        string orgId, string sendId, string eventId, string key, string kind, BounceType bounce = BounceType.None, string subType = "") =>
        new(orgId, sendId, eventId, key, "ses-" + eventId, kind, bounce, subType, TestData.Now());
}
