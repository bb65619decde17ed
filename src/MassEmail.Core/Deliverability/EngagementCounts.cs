namespace MassEmail.Core.Deliverability;

/// <summary>A send's recorded provider events, counted per recipient event.</summary>
/// <param name="BouncedPermanent">Permanent bounces SES attempted (not the addresses on SES's suppression list).</param>
/// <param name="OpenedUnique">Recipients who opened at least once.</param>
/// <param name="ClickedUnique">Recipients who clicked at least once.</param>
/// <param name="Unsubscribed">Recipients who unsubscribed through the send's link (<see cref="DeliveryEvent.UnsubscribeKind"/>).</param>
public sealed record EngagementCounts(
    long Delivered, long BouncedPermanent, long BouncedTransient, long Complained, long Opened, long OpenedUnique, long Clicked, long ClickedUnique,
    long Unsubscribed)
{
    public static EngagementCounts None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
